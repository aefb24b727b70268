package io.planexec.executor.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void shouldCommitOnlyTheContiguousPrefixOfFinishedTasks() {
        // Given tasks at offsets 10, 11, 12 after a committed offset of 10
        PartitionOffsets offsets = new PartitionOffsets(10, Map.of(), 1_000);
        offsets.received(10);
        offsets.received(11);
        offsets.received(12);

        // When 11 and 12 finish before 10
        offsets.done(12);
        offsets.done(11);

        // Then the commit stays at 10 and the metadata marks 11 and 12 done
        assertThat(offsets.commitOffset()).isEqualTo(10);
        assertThat(OffsetMarks.decode(10, offsets.metadata())).isEqualTo(Map.of(11L, Mark.DONE, 12L, Mark.DONE));

        // When 10 finishes, the commit moves past all three with nothing left to mark
        offsets.done(10);
        assertThat(offsets.commitOffset()).isEqualTo(13);
        assertThat(offsets.metadata()).isEmpty();
        assertThat(offsets.tracked()).isZero();
    }

    @Test
    void shouldMarkAStartedCallUntilItsResultIsDone() {
        PartitionOffsets offsets = new PartitionOffsets(0, Map.of(), 1_000);
        offsets.received(0);
        offsets.received(1);

        offsets.started(1);
        offsets.done(0);

        assertThat(offsets.commitOffset()).isEqualTo(1);
        assertThat(OffsetMarks.decode(1, offsets.metadata())).isEqualTo(Map.of(1L, Mark.STARTED));
        offsets.done(1);
        assertThat(offsets.commitOffset()).isEqualTo(2);
    }

    @Test
    void shouldForgetAStartedMarkWhoseNoticeWasNeverCommitted() {
        PartitionOffsets offsets = new PartitionOffsets(0, Map.of(), 1_000);
        offsets.received(0);
        offsets.received(1);
        offsets.started(1);
        offsets.done(0);

        offsets.revertStarted(1);

        assertThat(offsets.commitOffset()).isEqualTo(1);
        assertThat(offsets.metadata()).isEmpty();
    }

    @Test
    void shouldSkipWhatAPreviousOwnerMarkedAndKeepTheMarksUntilTheyArrive() {
        // Given a previous owner's commit at 5 marking 6 started and 8 done
        PartitionOffsets offsets = new PartitionOffsets(5, Map.of(6L, Mark.STARTED, 8L, Mark.DONE), 1_000);

        // Then, before anything arrives, a commit carries the marks on
        assertThat(OffsetMarks.decode(5, offsets.metadata())).isEqualTo(Map.of(6L, Mark.STARTED, 8L, Mark.DONE));

        // When the records arrive, the marked ones are reported as such and not run
        assertThat(offsets.received(5)).isNull();
        assertThat(offsets.received(6)).isEqualTo(Mark.STARTED);
        assertThat(offsets.received(7)).isNull();
        assertThat(offsets.received(8)).isEqualTo(Mark.DONE);

        // And the commit moves past them as the others finish
        offsets.done(5);
        assertThat(offsets.commitOffset()).isEqualTo(7);
        offsets.done(7);
        assertThat(offsets.commitOffset()).isEqualTo(9);
        assertThat(offsets.metadata()).isEmpty();
    }

    @Test
    void shouldStepOverOffsetsTheConsumerNeverDelivers() {
        // Given transaction markers at 1 and 3, which are never delivered
        PartitionOffsets offsets = new PartitionOffsets(0, Map.of(), 1_000);
        offsets.received(0);
        offsets.received(2);
        offsets.received(4);

        offsets.done(4);
        offsets.done(0);
        assertThat(offsets.commitOffset()).isEqualTo(2);
        offsets.done(2);

        assertThat(offsets.commitOffset()).isEqualTo(5);
    }

    @Test
    void shouldStartFromTheFirstRecordWhenNothingWasCommitted() {
        PartitionOffsets offsets = new PartitionOffsets(-1, Map.of(), 1_000);
        assertThat(offsets.commitOffset()).isEqualTo(-1);
        assertThat(offsets.metadata()).isEmpty();

        offsets.received(42);

        assertThat(offsets.commitOffset()).isEqualTo(42);
        offsets.done(42);
        assertThat(offsets.commitOffset()).isEqualTo(43);
    }

    @Test
    void shouldNotLetTasksStartBeyondTheWindow() {
        // Given a window of 3 offsets and an unfinished task at 0
        PartitionOffsets offsets = new PartitionOffsets(0, Map.of(), 3);
        offsets.received(0);
        offsets.received(1);
        assertThat(offsets.windowFull()).isFalse();
        offsets.received(2);

        // Then offset 3 could not start: fetching more is pointless
        assertThat(offsets.mayStart(2)).isTrue();
        assertThat(offsets.mayStart(3)).isFalse();
        assertThat(offsets.windowFull()).isTrue();

        offsets.done(0);
        assertThat(offsets.mayStart(3)).isTrue();
        assertThat(offsets.windowFull()).isFalse();
    }

    @Test
    void shouldRefuseImpossibleTransitions() {
        PartitionOffsets offsets = new PartitionOffsets(0, Map.of(), 10);
        offsets.received(0);
        offsets.done(0);

        assertThatThrownBy(() -> offsets.done(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("offset 0 cannot be done: it is null");
        assertThatThrownBy(() -> offsets.started(7)).hasMessage("offset 7 cannot be started: it is null");
        assertThatThrownBy(() -> new PartitionOffsets(5, Map.of(4L, Mark.DONE), 10))
                .hasMessage("restored mark at 4 below the committed offset 5");
    }
}
