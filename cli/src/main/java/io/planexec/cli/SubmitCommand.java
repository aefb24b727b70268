package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.cli.render.ResultText;
import io.planexec.client.PlanexecClient;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.RequestMessage;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code planexec submit}: publishes a request and prints its result. */
@Command(
        name = "submit",
        header = "Publishes a request in any dialect and prints its result.",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes a request (OpenAI tool_calls, Anthropic content or explicit steps) and prints its result.",
            "",
            "Exit codes: 0 the plan succeeded (or was published, with --no-wait), 1 it did not succeed or no",
            "result came in time, 2 bad usage or unreadable files."
        })
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "REQUEST.json", description = "The request; - reads stdin.")
    String requestFile;

    @Option(
            names = "--plan-id",
            paramLabel = "ID",
            description = "Submit under this plan id instead of the file's (a plan id runs once: resubmitting it"
                    + " returns the first run's result).")
    String planId;

    @Option(
            names = "--no-wait",
            description = "Publish and return at once; the result goes to planexec.plan-results (and is copied to the"
                    + " request's reply_to, if it names one).")
    boolean noWait;

    @Option(
            names = "--timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long to wait for the result (default ${DEFAULT-VALUE}); the plan itself goes on.")
    Duration timeout;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "text (default) or json (the PlanResult exactly as published).")
    String format;

    private final WireFormat wire = new WireFormat();

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, got '" + format + "'");
        }
        byte[] bytes = InputFiles.read(
                requestFile, "request file", System.in, wire.json().limits().maxDocumentBytes());
        AgentRequest request = parse(bytes);
        ClusterOptions.Cluster target = cluster.resolve();
        PrintWriter out = spec.commandLine().getOut();
        if (noWait) {
            publish(target, request);
            out.println("plan " + request.planId() + " published to "
                    + target.topics().requests() + "; its result goes to "
                    + target.topics().planResults()
                    + (request.replyTo() == null ? "" : " and is copied to " + request.replyTo()));
            return ExitCodes.OK;
        }
        PlanexecClient.Builder builder =
                PlanexecClient.builder().topicPrefix(target.topics().prefix());
        target.kafkaProperties().forEach(builder::kafkaProperty);
        if (request.replyTo() != null) {
            builder.replyTopic(request.replyTo());
        }
        try (PlanexecClient client = builder.build()) {
            PlanResult result = client.submit(request, timeout).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            out.print(
                    format.equals("json")
                            ? wire.json().writePretty(wire.planResultTree(result)) + "\n"
                            : ResultText.render(result, wire.json()));
            out.flush();
            return result.status() == PlanStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return noResult(request);
            }
            throw new IllegalStateException(
                    "plan " + request.planId() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            return noResult(request);
        }
    }

    private int noResult(AgentRequest request) {
        spec.commandLine()
                .getErr()
                .println("planexec: no result for plan " + request.planId() + " within " + timeout.toSeconds()
                        + " s; the plan goes on: follow it with './planexec watch " + request.planId()
                        + "', or resubmit the same request to get its result");
        return ExitCodes.NOT_SUCCESSFUL;
    }

    private AgentRequest parse(byte[] bytes) {
        RequestMessage message;
        try {
            message = wire.readRequest(bytes);
        } catch (WireFormatException e) {
            throw new UsageException("request file '" + requestFile + "' is not a valid request: " + e.getMessage());
        }
        if (message instanceof CancelRequest cancel) {
            throw new UsageException("request file '" + requestFile + "' is a cancel request: use './planexec cancel "
                    + cancel.planId() + "'");
        }
        AgentRequest request = (AgentRequest) message;
        if (planId == null) {
            return request;
        }
        try {
            return new AgentRequest(planId, request.replyTo(), request.dialect(), request.steps(), request.options());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--plan-id: " + e.getMessage());
        }
    }

    private void publish(ClusterOptions.Cluster target, AgentRequest request) throws Exception {
        Map<String, Object> props = new HashMap<>(target.kafkaProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: the requests topic may have been created a moment ago (KAFKA-15591)
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            target.topics().requests(), request.planId(), wire.writeRequest(request)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not publish plan " + request.planId() + " to " + target.bootstrapServers() + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        }
    }
}
