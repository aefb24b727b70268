package io.planexec.bench.harness.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LedgerTest {

    @Test
    void shouldFindNoFaultInWritesMadeOneAfterAnotherInTheExpectedOrder() {
        // Given three writes of one key, made in order
        Ledger ledger = new Ledger();
        ledger.write("k", "p1", "w0");
        ledger.write("k", "p2", "w0");
        ledger.write("k", "p1", "w1");

        // When they are checked against that order
        Ledger.Check check = ledger.check("k", List.of("p1/w0", "p2/w0", "p1/w1"));

        // Then nothing is wrong
        assertThat(check).isEqualTo(new Ledger.Check(3, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldCountWritesThatCameOutOfTheExpectedOrder() {
        // Given writes made in another order than expected
        Ledger ledger = new Ledger();
        ledger.write("k", "p2", "w0");
        ledger.write("k", "p1", "w0");
        ledger.write("k", "p3", "w0");

        // When they are checked
        Ledger.Check check = ledger.check("k", List.of("p1/w0", "p2/w0", "p3/w0"));

        // Then the inverted pair counts once
        assertThat(check.orderViolations()).isEqualTo(1);
        assertThat(check.overlaps()).isZero();
    }

    @Test
    void shouldCountOverlappingWritesOfOneKey() throws Exception {
        // Given two threads writing one key while holding each other up between start and end
        Ledger ledger = new Ledger();
        CountDownLatch bothStarted = new CountDownLatch(2);
        Runnable write = () -> {
            bothStarted.countDown();
            try {
                bothStarted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2_000; i++) {
                ledger.write("k", Thread.currentThread().getName(), "w" + i);
            }
        };
        Thread a = new Thread(write, "a");
        Thread b = new Thread(write, "b");
        a.start();
        b.start();
        a.join();
        b.join();

        // When they are checked
        Ledger.Check check = ledger.checkWithinPlans("k", Map.of());

        // Then the writes are all there, and at least some were seen to overlap (two threads on two cores, or one
        // core switching between them at the yield)
        assertThat(check.writes()).isEqualTo(4_000);
        assertThat(check.overlaps()).isPositive();
    }

    @Test
    void shouldCheckTheOrderWithinEachPlanAndReportDuplicatesAndMissingWrites() {
        // Given plan p1 whose second write came before its first, a write made twice, and one never made
        Ledger ledger = new Ledger();
        ledger.write("k", "p1", "w1");
        ledger.write("k", "p2", "w0");
        ledger.write("k", "p1", "w0");
        ledger.write("k", "p2", "w0");

        // When checked against each plan's request order
        Ledger.Check check = ledger.checkWithinPlans("k", Map.of("p1", List.of("w0", "w1"), "p2", List.of("w0", "w1")));

        // Then
        assertThat(check.orderViolations()).isEqualTo(1);
        assertThat(check.duplicates()).isEqualTo(1);
        assertThat(check.missing()).isEqualTo(1);
        assertThat(check.unexpected()).isZero();
    }

    @Test
    void shouldReportWritesNoOneExpected() {
        Ledger ledger = new Ledger();
        ledger.write("k", "stray", "w0");

        assertThat(ledger.check("k", List.of()).unexpected()).isEqualTo(1);
    }
}
