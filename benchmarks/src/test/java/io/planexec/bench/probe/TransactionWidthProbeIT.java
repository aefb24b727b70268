package io.planexec.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.planexec.bench.probe.TransactionWidthProbe.Row;
import io.planexec.kafka.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe on a real broker, at a tiny size: every width measured, the further partitions written, nothing left. */
class TransactionWidthProbeIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static Map<String, Object> client() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    @Test
    void shouldMeasureEveryWidthInEveryRoundAndLeaveNoTopicBehind() throws Exception {
        // When the probe runs two widths over two rounds, ten samples each
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Row> rows = TransactionWidthProbe.run(
                client(), List.of(0, 3), 2, 2, 10, new PrintStream(printed, true, StandardCharsets.UTF_8));

        // Then each width was measured in each round after the warm-up round (printed, not reported), the widths
        // alternating, with every sample kept
        assertThat(rows)
                .extracting(Row::round, Row::width)
                .containsExactly(tuple(1, 0), tuple(1, 3), tuple(2, 0), tuple(2, 3));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.samples()).isEqualTo(10);
            assertThat(row.p50Ms()).isPositive().isLessThanOrEqualTo(row.p99Ms());
        });
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains(
                        "warm ",
                        "transactional hop p50 by further partitions written, over 2 rounds:",
                        "  3: ",
                        ", mean ");

        // And the topics it made (the relay's transactions wrote to each further one, or the run would have failed)
        // are gone
        try (Admin admin = Admin.create(client())) {
            assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("probe-"));
        }
    }

    @Test
    void shouldRefuseAnEmptyMeasurement() {
        assertThatThrownBy(() -> TransactionWidthProbe.run(client(), List.of(), 1, 0, 1, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least one width");
    }
}
