package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the {@link TransactionProbe} on brokers of its own, only when asked (it takes minutes):
 * {@code -Dplanexec.probe="300 orders"} (see {@link TransactionProbe#probe} for the arguments). Its figures are
 * logged ({@code probe_result}, {@code probe_broker}, {@code probe_producer}, {@code probe_summary}).
 */
@EnabledIfSystemProperty(named = "planexec.probe", matches = ".*")
class TransactionProbeIT {

    @Test
    void shouldCommitEveryProbedTransactionAndSeeItsRecord() {
        // Given the arguments
        String[] args = System.getProperty("planexec.probe").trim().split("\\s+");

        // When every variant runs (each waits for its records to be visible, or fails)
        List<TransactionProbe.Figures> figures = TransactionProbe.probe(args);

        // Then every variant measured all its transactions
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.txn()).hasSize(f.n());
            assertThat(TransactionProbe.percentile(f.txn(), 1)).isPositive();
        });
    }
}
