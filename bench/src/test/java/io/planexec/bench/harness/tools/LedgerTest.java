package io.planexec.bench.harness.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
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
    void shouldCountOverlappingWritesOfOneKey() {
        // Given writes of one key, placed in time: b starts before a ends, c after both, d inside c
        Ledger ledger = new Ledger();
        ledger.record("k", new Ledger.Write("p1", "a", 100, 200));
        ledger.record("k", new Ledger.Write("p2", "b", 150, 250));
        ledger.record("k", new Ledger.Write("p3", "c", 300, 400));
        ledger.record("k", new Ledger.Write("p4", "d", 350, 360));
        ledger.record("other", new Ledger.Write("p5", "e", 120, 180));

        // When they are checked
        Ledger.Check check = ledger.checkWithinPlans("k", Map.of());

        // Then each pair of consecutive writes that overlapped counts once, and other keys do not count
        assertThat(check.writes()).isEqualTo(4);
        assertThat(check.overlaps()).isEqualTo(2);
    }

    @Test
    void shouldRecordEachWriteBetweenItsOwnStartAndEnd() throws Exception {
        // Given two threads writing one key at the same time
        Ledger ledger = new Ledger();
        CountDownLatch bothStarted = new CountDownLatch(2);
        Runnable write = () -> {
            bothStarted.countDown();
            try {
                bothStarted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 500; i++) {
                ledger.write("k", Thread.currentThread().getName(), "w" + i);
            }
        };
        Thread a = new Thread(write, "a");
        Thread b = new Thread(write, "b");
        a.start();
        b.start();
        a.join();
        b.join();

        // Then every write is there, in start order, each ending no earlier than it started
        List<Ledger.Write> writes = ledger.writes("k");
        assertThat(writes).hasSize(1_000);
        assertThat(writes).allSatisfy(w -> assertThat(w.endNanos()).isGreaterThanOrEqualTo(w.startNanos()));
        assertThat(writes).isSortedAccordingTo(Comparator.comparingLong(Ledger.Write::startNanos));
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
