package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.model.CancelRequest;
import io.planexec.wire.WireFormat;
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

/** {@code planexec cancel}: asks the planner to stop a plan. */
@Command(
        name = "cancel",
        header = "Asks the planner to cancel a plan.",
        mixinStandardHelpOptions = true,
        description = {
            "Asks the planner to cancel a plan: steps not yet started end CANCELLED, running ones are reported",
            "as they end, and the plan ends CANCELLED (its result goes to its reply_to as usual).",
            "",
            "Exit codes: 0 the cancel request was published, 2 bad usage or the cluster is unreachable."
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

    @Override
    public Integer call() throws Exception {
        CancelRequest cancel;
        try {
            cancel = new CancelRequest(planId, reason);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ClusterOptions.Cluster target = cluster.resolve();
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
        spec.commandLine().getOut().println("cancel request for plan " + planId + " published");
        return ExitCodes.OK;
    }
}
