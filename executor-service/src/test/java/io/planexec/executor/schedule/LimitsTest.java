package io.planexec.executor.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void shouldNeverGiveMorePermitsThanTheCap() {
        ToolPermits permits = new ToolPermits();

        assertThat(permits.tryAcquire("t", 2)).isTrue();
        assertThat(permits.tryAcquire("t", 2)).isTrue();
        assertThat(permits.available("t", 2)).isFalse();
        assertThat(permits.tryAcquire("t", 2)).isFalse();
        permits.release("t");
        assertThat(permits.tryAcquire("t", 2)).isTrue();
        assertThat(permits.inUse("t")).isEqualTo(2);
    }

    @Test
    void shouldCountCallsOfAToolWithoutCap() {
        ToolPermits permits = new ToolPermits();
        for (int i = 0; i < 100; i++) {
            assertThat(permits.tryAcquire("free", null)).isTrue();
        }
        assertThat(permits.inUse("free")).isEqualTo(100);
        assertThat(permits.available("free", null)).isTrue();
    }

    @Test
    void shouldRefuseToReleaseAPermitNeverTaken() {
        assertThatThrownBy(() -> new ToolPermits().release("t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tool 't': more permits released than taken");
    }

    @Test
    void shouldBoundTasksInFlight() {
        InFlightLimit limit = new InFlightLimit(2);

        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        assertThat(limit.isFull()).isTrue();
        limit.release();
        assertThat(limit.inFlight()).isEqualTo(1);
        assertThatThrownBy(() -> new InFlightLimit(0)).hasMessage("the in-flight limit must be at least 1, got 0");
    }

    @Test
    void shouldDoubleTheBackoffUpToItsMaximumAndTakeOffJitter() {
        Backoff backoff = new Backoff(100, 1_000, 0.5);

        assertThat(backoff.delayMs(1, 0)).isEqualTo(100);
        assertThat(backoff.delayMs(2, 0)).isEqualTo(200);
        assertThat(backoff.delayMs(4, 0)).isEqualTo(800);
        assertThat(backoff.delayMs(5, 0)).isEqualTo(1_000);
        assertThat(backoff.delayMs(80, 0)).isEqualTo(1_000);
        assertThat(backoff.delayMs(2, 0.999)).isEqualTo(100);
        assertThat(backoff.delayMs(2, 0.5)).isEqualTo(150);
    }

    @Test
    void shouldNameTheBadBackoffSetting() {
        assertThatThrownBy(() -> new Backoff(500, 100, 0))
                .hasMessage("backoff needs 0 <= base <= max, got base 500 ms, max 100 ms");
        assertThatThrownBy(() -> new Backoff(1, 2, 1.5)).hasMessage("backoff jitter must be between 0 and 1, got 1.5");
    }

    @Test
    void shouldPauseEveryPartitionWhenTheBufferIsFullUntilItDrainsToHalf() {
        Backpressure backpressure = new Backpressure(100);
        Set<Integer> assigned = Set.of(0, 1, 2);

        assertThat(backpressure.paused(99, assigned, p -> false)).isEmpty();
        assertThat(backpressure.paused(100, assigned, p -> false)).containsExactly(0, 1, 2);
        assertThat(backpressure.paused(51, assigned, p -> false)).containsExactly(0, 1, 2);
        assertThat(backpressure.paused(50, assigned, p -> false)).isEmpty();
    }

    @Test
    void shouldPauseAPartitionWhoseOffsetWindowIsFull() {
        Backpressure backpressure = new Backpressure(100);

        assertThat(backpressure.paused(0, Set.of(0, 1), p -> p == 1)).containsExactly(1);
    }
}
