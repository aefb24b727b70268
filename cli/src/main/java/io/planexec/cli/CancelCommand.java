package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.client.PlanEventStream;
import io.planexec.config.Durations;
import io.planexec.model.CancelRequest;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.wire.WireFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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

/** {@code planexec cancel}: asks the planner to stop a plan. */
@Command(
        name = "cancel",
        header = "Asks the planner to cancel a plan.",
        mixinStandardHelpOptions = true,
        description = {
            "Asks the planner to cancel a plan: steps not yet started end CANCELLED, running ones are reported",
            "as they end, and the plan ends CANCELLED (its result is published as usual). Waits for the",
            "planner's answer: the cancel was accepted, or why it changed nothing (no such plan, already ended).",
            "",
            "Exit codes: 0 the planner accepted the cancel (or it was published, with --no-wait), 1 it changed",
            "nothing or no answer came in time, 2 bad usage or the cluster is unreachable."
        })
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "PLAN_ID", description = "The plan to cancel.")
    String planId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Option(names = "--no-wait", description = "Publish and return at once, without the planner's answer.")
    boolean noWait;

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long to wait for the planner's answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        CancelRequest cancel;
        try {
            cancel = new CancelRequest(planId, reason);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ClusterOptions.Cluster target = cluster.resolve();
        PrintWriter out = spec.commandLine().getOut();
        if (noWait) {
            publish(target, cancel);
            out.println("cancel request for plan " + planId + " published");
            return ExitCodes.OK;
        }
        CompletableFuture<PlanEvent> answer = new CompletableFuture<>();
        try (PlanEventStream stream =
                PlanEventStream.follow(target.kafkaProperties(), target.topics(), planId, false, e -> {
                    if (e.type() == PlanEventType.PLAN_CANCEL_REQUESTED || e.type() == PlanEventType.CANCEL_IGNORED) {
                        answer.complete(e);
                    }
                })) {
            publish(target, cancel);
            PlanEvent event = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event.type() == PlanEventType.PLAN_CANCEL_REQUESTED) {
                out.println("plan " + planId + ": cancel accepted; steps not yet started end CANCELLED, running ones"
                        + " end as they finish");
                return ExitCodes.OK;
            }
            out.println("plan " + planId + ": cancel changed nothing: " + event.detail());
            return ExitCodes.NOT_SUCCESSFUL;
        } catch (TimeoutException e) {
            spec.commandLine()
                    .getErr()
                    .println("planexec: the cancel request for plan " + planId + " was published, but the planner did"
                            + " not answer within " + Durations.human(timeout) + " (is it running?)");
            return ExitCodes.NOT_SUCCESSFUL;
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void publish(ClusterOptions.Cluster target, CancelRequest cancel) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(target.kafkaProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: the requests topic may have been created a moment ago (KAFKA-15591)
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            target.topics().requests(), planId, new WireFormat().writeRequest(cancel)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UsageException("could not publish the cancel request to " + target.bootstrapServers() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
    }
}
