package io.planexec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** W3C traceparent values as the Trace Context recommendation defines them. */
class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldAcceptAValidTraceparentAndKeepItsState() {
        TraceContext trace = TraceContext.of(VALID, "rojo=00f067aa0ba902b7").orElseThrow();

        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.tracestate()).isEqualTo("rojo=00f067aa0ba902b7");
        // a later version may add fields after the four it shares with version 00
        assertThat(TraceContext.of("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", null))
                .isPresent();
    }

    @Test
    void shouldRefuseWhatTheRecommendationCallsInvalid() {
        for (String invalid : new String[] {
            null,
            "",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has four fields
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01" // short trace id
        }) {
            assertThat(TraceContext.of(invalid, null))
                    .as(String.valueOf(invalid))
                    .isEmpty();
        }
        assertThatThrownBy(() -> new TraceContext("nope", null)).hasMessageContaining("not a W3C traceparent");
    }

    @Test
    void shouldDropATracestateOverTheLimit() {
        assertThat(new TraceContext(VALID, "a=" + "x".repeat(TraceContext.MAX_TRACESTATE_CHARS)).tracestate())
                .isNull();
        assertThat(new TraceContext(VALID, " ").tracestate()).isNull();
    }

    @Test
    void shouldStartValidSampledTracesWithDistinctIds() {
        Random random = new Random(7);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            TraceContext trace = TraceContext.start(random);
            assertThat(TraceContext.of(trace.traceparent(), null)).contains(trace);
            assertThat(trace.traceparent()).startsWith("00-").endsWith("-01");
            ids.add(trace.traceId());
        }
        assertThat(ids).hasSize(100);
    }
}
