package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitLingerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000 * MS;

    private final Set<String> pending = new HashSet<>();
    private final CommitLinger<String> linger = new CommitLinger<>(MS, pending::contains);

    @Test
    void shouldCommitAtOnceWhenNoCallIsRunning() {
        // Given no call launched

        // When / Then
        assertThat(linger.waitUntil(T0)).isZero();
    }

    @Test
    void shouldWaitForACallLaunchedMomentsAgoUntilItReports() {
        // Given a call launched 0.2 ms ago, still running
        launch("b", T0);

        // When results are ready 0.2 ms later
        long until = linger.waitUntil(T0 + MS / 5);

        // Then they wait until the call's linger ends, and no longer once it reported
        assertThat(until).isEqualTo(T0 + MS);
        pending.remove("b");
        assertThat(linger.waitUntil(T0 + MS / 2)).isZero();
    }

    @Test
    void shouldNotWaitForCallsLaunchedLongerAgoThanTheLinger() {
        // Given a slow call launched 5 ms ago
        launch("slow", T0);

        // When / Then
        assertThat(linger.waitUntil(T0 + 5 * MS)).isZero();
    }

    @Test
    void shouldNeverWaitLongerThanTheLingerAfterResultsFirstWaited() {
        // Given results waiting since T0 for a call launched just before
        launch("a", T0 - MS / 10);
        assertThat(linger.waitUntil(T0)).isEqualTo(T0 + MS - MS / 10);

        // When further calls keep being launched (a hot key runs its next task as soon as the previous one ends)
        launch("b", T0 + MS / 2);
        launch("c", T0 + 9 * MS / 10);

        // Then the wait still ends one linger after the results first waited
        assertThat(linger.waitUntil(T0 + 9 * MS / 10)).isEqualTo(T0 + MS);
        assertThat(linger.waitUntil(T0 + MS)).isZero();
    }

    @Test
    void shouldWaitAfreshOnceATransactionStarted() {
        // Given results that waited and then were committed
        launch("a", T0);
        linger.waitUntil(T0);
        linger.committing();

        // When a call is launched later and new results are ready
        launch("b", T0 + 3 * MS);

        // Then they wait for it
        assertThat(linger.waitUntil(T0 + 3 * MS)).isEqualTo(T0 + 4 * MS);
    }

    @Test
    void shouldNeverWaitWithAZeroLinger() {
        // Given
        CommitLinger<String> none = new CommitLinger<>(0, pending::contains);
        pending.add("a");
        none.launched("a", T0);

        // When / Then
        assertThat(none.waitUntil(T0)).isZero();
    }

    @Test
    void shouldRejectANegativeLinger() {
        assertThatThrownBy(() -> new CommitLinger<String>(-1, s -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the commit linger must not be negative, got -1 ns");
    }

    private void launch(String call, long nanos) {
        pending.add(call);
        linger.launched(call, nanos);
    }
}
