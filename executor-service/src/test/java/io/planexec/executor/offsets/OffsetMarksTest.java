package io.planexec.executor.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OffsetMarksTest {

    @Test
    void shouldWriteNothingWhenNothingIsMarked() {
        assertThat(OffsetMarks.encode(10, new TreeMap<>())).isEmpty();
        assertThat(OffsetMarks.decode(10, "")).isEmpty();
        assertThat(OffsetMarks.decode(10, null)).isEmpty();
    }

    @Test
    void shouldRoundTripRunsOfMarks() {
        // Given a started call at the committed offset and a run of finished tasks after a gap
        NavigableMap<Long, Mark> marks = new TreeMap<>();
        marks.put(100L, Mark.STARTED);
        for (long o = 105; o < 200; o++) {
            marks.put(o, Mark.DONE);
        }

        // When encoded, the run-length form is chosen and is short
        String text = OffsetMarks.encode(100, marks);

        // Then it decodes to the same marks
        assertThat(text).startsWith("pe1:R").hasSizeLessThan(20);
        assertThat(OffsetMarks.decode(100, text)).isEqualTo(marks);
    }

    @Test
    void shouldUseTheBitsetWhenMarksAlternate() {
        NavigableMap<Long, Mark> marks = new TreeMap<>();
        for (long o = 1; o < 400; o += 2) {
            marks.put(o, o % 4 == 1 ? Mark.DONE : Mark.STARTED);
        }

        String text = OffsetMarks.encode(0, marks);

        assertThat(text).startsWith("pe1:B");
        assertThat(OffsetMarks.decode(0, text)).isEqualTo(marks);
    }

    @Test
    void shouldIgnoreMarksBelowTheCommittedOffset() {
        NavigableMap<Long, Mark> marks = new TreeMap<>();
        marks.put(3L, Mark.DONE);
        marks.put(7L, Mark.DONE);

        assertThat(OffsetMarks.decode(5, OffsetMarks.encode(5, marks))).containsOnlyKeys(7L);
    }

    @Test
    void shouldFitAnyMarksWithinTheMaxSpanInTheLimit() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int maxChars = 4_000;
        int span = OffsetMarks.maxSpan(maxChars);
        assertThat(span).isGreaterThan(10_000);
        for (int round = 0; round < 50; round++) {
            NavigableMap<Long, Mark> marks = new TreeMap<>();
            long base = random.nextInt(1_000_000);
            for (int i = 0; i < span; i++) {
                int r = random.nextInt(3);
                if (r > 0) {
                    marks.put(base + i, r == 1 ? Mark.DONE : Mark.STARTED);
                }
            }
            marks.put(base + span - 1, Mark.DONE);
            String text = OffsetMarks.encode(base, marks);
            assertThat(text.length()).as("seed %s", seed).isLessThanOrEqualTo(maxChars);
            assertThat(OffsetMarks.decode(base, text)).as("seed %s", seed).isEqualTo(marks);
        }
    }

    @Test
    void shouldRejectMetadataItDidNotWrite() {
        assertThatThrownBy(() -> OffsetMarks.decode(0, "written by another tool"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset metadata is not in planexec's format (pe1:...): 'written by another tool'");
        assertThatThrownBy(() -> OffsetMarks.decode(0, "pe1:X AAA")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> OffsetMarks.decode(0, "pe1:ZAA"))
                .hasMessage("offset metadata has the unknown encoding 'Z'");
        assertThatThrownBy(() -> OffsetMarks.decode(0, "pe1:R_w")).hasMessage("offset metadata ends inside a number");
    }

    @Test
    void shouldRefuseALimitTooSmallForAnyMark() {
        assertThatThrownBy(() -> OffsetMarks.maxSpan(8))
                .hasMessage("an offset metadata limit of 8 characters is too small");
    }
}
