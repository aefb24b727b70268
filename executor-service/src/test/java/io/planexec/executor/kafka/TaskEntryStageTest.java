package io.planexec.executor.kafka;

import static io.planexec.executor.kafka.TaskEntry.Stage.AWAITING_START;
import static io.planexec.executor.kafka.TaskEntry.Stage.ENDED;
import static io.planexec.executor.kafka.TaskEntry.Stage.NOTICE_COMMITTING;
import static io.planexec.executor.kafka.TaskEntry.Stage.QUEUED;
import static io.planexec.executor.kafka.TaskEntry.Stage.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.executor.kafka.TaskEntry.Stage;
import io.planexec.testing.TransitionTable;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every move between two stages of a task, allowed or not, against the table of docs/architecture.md. */
class TaskEntryStageTest {

    private static final Map<Stage, Set<Stage>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(AWAITING_START, RUNNING, ENDED),
            AWAITING_START, EnumSet.of(NOTICE_COMMITTING, ENDED),
            NOTICE_COMMITTING, EnumSet.of(AWAITING_START, RUNNING),
            RUNNING, EnumSet.of(ENDED),
            ENDED, EnumSet.noneOf(Stage.class));

    @Test
    void shouldDocumentExactlyTheMovesOfTheTable() {
        assertThat(TransitionTable.read(Path.of("..", "docs", "architecture.md"), Stage.class))
                .isEqualTo(ALLOWED);
    }

    @Test
    void shouldAllowExactlyTheMovesOfTheTable() {
        for (Stage from : Stage.values()) {
            for (Stage to : Stage.values()) {
                assertThat(from.canMoveTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void shouldNeverRunANonIdempotentCallWhoseNoticeWasNotCommitted() {
        // the STARTED notice's commit is the only way from AWAITING_START to RUNNING
        assertThat(AWAITING_START.canMoveTo(RUNNING)).isFalse();
        // and a notice being committed may already be committed: its task cannot be dropped
        assertThat(NOTICE_COMMITTING.canMoveTo(ENDED)).isFalse();
    }
}
