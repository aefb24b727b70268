package io.planexec.executor.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.RateLimit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateWindowsTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final RateWindows windows = new RateWindows(now::get);
    private final RateLimit threePerSecond = new RateLimit(3, 1_000);

    @Test
    void shouldStartAtMostTheLimitInAWindowAndSayWhenTheNextMay() {
        // Given three starts, 100 ms apart
        for (int i = 0; i < 3; i++) {
            assertThat(tryStart("api", threePerSecond)).isZero();
            now.addAndGet(100 * MS);
        }

        // Then a fourth may not start until a second after the first
        assertThat(windows.available("api", threePerSecond)).isFalse();
        assertThat(tryStart("api", threePerSecond)).isPositive();
        assertThat(windows.nanosUntilAvailable("api", threePerSecond)).isEqualTo(700 * MS);
        now.addAndGet(699 * MS);
        assertThat(tryStart("api", threePerSecond)).isPositive();
        now.addAndGet(MS);
        assertThat(tryStart("api", threePerSecond)).isZero();

        // and the next one when the second start leaves the window
        assertThat(windows.nanosUntilAvailable("api", threePerSecond)).isEqualTo(100 * MS);
    }

    @Test
    void shouldNeverAllowTwiceTheLimitAcrossAWindowBoundary() {
        // Given a burst of three at the end of a quiet second
        now.addAndGet(900 * MS);
        for (int i = 0; i < 3; i++) {
            assertThat(tryStart("api", threePerSecond)).isZero();
        }

        // Then 200 ms later (a new fixed window would have begun) nothing more starts: a token bucket would allow three
        now.addAndGet(200 * MS);
        assertThat(tryStart("api", threePerSecond)).isPositive();
    }

    @Test
    void shouldKeepToolsApartAndLetToolsWithoutALimitAlwaysStart() {
        for (int i = 0; i < 3; i++) {
            tryStart("api", threePerSecond);
        }
        assertThat(tryStart("other", threePerSecond)).isZero();
        assertThat(tryStart("api", null)).isZero();
        assertThat(windows.nanosUntilAvailable("api", null)).isZero();
    }

    @Test
    void shouldCountOnlyTheLatestStartsWhenTheLimitIsLowered() {
        for (int i = 0; i < 3; i++) {
            tryStart("api", threePerSecond);
            now.addAndGet(100 * MS);
        }
        RateLimit onePerSecond = new RateLimit(1, 1_000);
        assertThat(windows.nanosUntilAvailable("api", onePerSecond)).isEqualTo(900 * MS);
    }

    @Test
    void shouldCountAdmittedCallsUntilTheyStartOrAreCancelled() {
        // Given two calls admitted (not started yet) and one started
        assertThat(windows.tryReserve("api", threePerSecond)).isTrue();
        assertThat(windows.tryReserve("api", threePerSecond)).isTrue();
        assertThat(tryStart("api", threePerSecond)).isZero();

        // Then no more is admitted, and while the admitted ones fill the window no time is promised but the window
        assertThat(windows.tryReserve("api", threePerSecond)).isFalse();
        assertThat(tryStart("api", threePerSecond)).isEqualTo(1_000 * MS);

        // When one admitted call is cancelled and the other starts 300 ms later
        windows.cancel("api", threePerSecond);
        now.addAndGet(300 * MS);
        windows.start("api", threePerSecond);

        // Then one more may start, and after it the next when the first start leaves the window
        assertThat(windows.tryReserve("api", threePerSecond)).isTrue();
        windows.start("api", threePerSecond);
        assertThat(windows.nanosUntilAvailable("api", threePerSecond)).isEqualTo(700 * MS);
    }

    /** Reserves and starts a call at once: 0 when it started, else how long until one may. */
    private long tryStart(String tool, RateLimit limit) {
        if (windows.tryReserve(tool, limit)) {
            windows.start(tool, limit);
            return 0;
        }
        return windows.nanosUntilAvailable(tool, limit);
    }
}
