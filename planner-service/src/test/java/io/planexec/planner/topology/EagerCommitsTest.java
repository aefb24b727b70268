package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EagerCommitsTest {

    private static final long NOW = 1_000_000;

    @Test
    void shouldCommitAFreshAwaitedRecordAtOnce() {
        EagerCommits commits = new EagerCommits(10, 0, 20);

        assertThat(commits.onProcessed(true, NOW, NOW - 10)).isTrue();
        assertThat(commits.onProcessed(true, NOW, NOW - 11)).isFalse();
    }

    @Test
    void shouldNeverCommitEarlyForARecordThatOnlyChangedState() {
        EagerCommits commits = new EagerCommits(10, 4, 20);

        assertThat(commits.onProcessed(false, NOW, NOW)).isFalse();
    }

    @Test
    void shouldCommitAnOldAwaitedRecordAtOnceWhenTheThreadIsQuiet() {
        // Given a thread that has been idle, and a step result made 25 ms old by an executor's slow transaction
        EagerCommits commits = new EagerCommits(10, 4, 20);

        // When it and two more arrive within a few ms, the last one finishing the plan
        assertThat(commits.onProcessed(false, NOW, NOW - 25)).isFalse();
        assertThat(commits.onProcessed(false, NOW + 2, NOW - 24)).isFalse();

        // Then the one that finishes the plan is committed at once: three records in the window
        assertThat(commits.onProcessed(true, NOW + 3, NOW - 22)).isTrue();
    }

    @Test
    void shouldKeepABusyThreadsOldRecordsForTheIntervalCommit() {
        // Given a thread that processed many records in the last interval
        EagerCommits commits = new EagerCommits(10, 4, 20);
        for (int i = 0; i < 50; i++) {
            commits.onProcessed(false, NOW + i / 5, NOW - 100);
        }

        // Then an old awaited record waits for the interval commit, and a fresh one is still committed at once
        assertThat(commits.onProcessed(true, NOW + 10, NOW - 80)).isFalse();
        assertThat(commits.onProcessed(true, NOW + 10, NOW + 5)).isTrue();
    }

    @Test
    void shouldForgetABusySpellOnceTwoWindowsHavePassed() {
        EagerCommits commits = new EagerCommits(10, 4, 20);
        for (int i = 0; i < 50; i++) {
            commits.onProcessed(false, NOW, NOW - 100);
        }
        // Still busy in the next window (the previous bucket counts)...
        assertThat(commits.onProcessed(true, NOW + 20, NOW - 100)).isFalse();
        // ...quiet two windows later
        assertThat(commits.onProcessed(true, NOW + 60, NOW - 100)).isTrue();
    }

    @Test
    void shouldCountEachStreamThreadsRecordsApart() throws Exception {
        // Given one thread that is busy
        EagerCommits commits = new EagerCommits(10, 4, 20);
        for (int i = 0; i < 50; i++) {
            commits.onProcessed(false, NOW, NOW - 100);
        }

        // Then another thread with nothing to do is quiet
        assertThat(CompletableFuture.supplyAsync(() -> commits.onProcessed(true, NOW, NOW - 100))
                        .get())
                .isTrue();
        assertThat(commits.onProcessed(true, NOW, NOW - 100)).isFalse();
    }

    @Test
    void shouldCommitNothingEarlyWhenBothRulesAreOff() {
        assertThat(new EagerCommits(0, 0, 20).onProcessed(true, NOW, NOW)).isFalse();
    }

    @Test
    void shouldRefuseNegativeBounds() {
        assertThatThrownBy(() -> new EagerCommits(-1, 4, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new EagerCommits(10, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
