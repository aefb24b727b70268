package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import org.junit.jupiter.api.Test;

class QueueConflictsTest {

    private static final ToolSpec PUT_NOTE =
            ToolSpec.builder("put_note").writes("note:{id}").queue("notes").build();

    @Test
    void shouldNameWhatTwoToolsOnDifferentQueuesCanBothWrite() {
        ToolSpec pin = ToolSpec.builder("pin_note").writes("note:pinned").build();

        assertThat(QueueConflicts.between(PUT_NOTE, pin))
                .contains("note:* (put_note, queue notes) and note:pinned (pin_note, queue medium)");
    }

    @Test
    void shouldCountTheRoutingKeyAsWritten() {
        ToolSpec keyed = ToolSpec.builder("archive")
                .touchesNothing()
                .routingKey("note:{id}")
                .latencyClass(LatencyClass.SLOW)
                .build();

        assertThat(QueueConflicts.between(keyed, PUT_NOTE)).isPresent();
    }

    @Test
    void shouldAcceptToolsOnOneQueueOrWritingDifferentResources() {
        ToolSpec sameQueue = ToolSpec.builder("pin_note")
                .writes("note:pinned")
                .queue("notes")
                .build();
        ToolSpec otherResource =
                ToolSpec.builder("put_file").writes("file:{path}").build();
        ToolSpec reader = ToolSpec.builder("get_note").reads("note:{id}").build();
        ToolSpec unknown = ToolSpec.builder("legacy").build();

        assertThat(QueueConflicts.between(PUT_NOTE, sameQueue)).isEmpty();
        assertThat(QueueConflicts.between(PUT_NOTE, otherResource)).isEmpty();
        assertThat(QueueConflicts.between(PUT_NOTE, reader)).isEmpty();
        assertThat(QueueConflicts.between(PUT_NOTE, unknown)).isEmpty();
        assertThat(QueueConflicts.between(PUT_NOTE, PUT_NOTE.withQueue("other")))
                .isEmpty();
    }
}
