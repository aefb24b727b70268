package io.planexec.planner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.planner.state.TimerKeys.Kind;
import io.planexec.planner.state.TimerKeys.Timer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerKeysTest {

    @Test
    void shouldSortKeysByKindThenTime() {
        // Given keys of two kinds at various times
        List<String> keys = new ArrayList<>(List.of(
                TimerKeys.key(Kind.DEADLINE, 1_000_000, "p-b"),
                TimerKeys.key(Kind.DEADLINE, 999, "p-a"),
                TimerKeys.key(Kind.OUTCOME, 5, "p-a", "s1"),
                TimerKeys.key(Kind.DEADLINE, 1_000_000, "p-a")));

        // When sorted as the store sorts them
        keys.sort(null);

        // Then time order holds within a kind
        assertThat(keys)
                .extracting(k ->
                        TimerKeys.parse(k).planId() + "@" + TimerKeys.parse(k).atMs())
                .containsExactly("p-a@999", "p-a@1000000", "p-b@1000000", "p-a@5");
    }

    @Test
    void shouldBoundARangeToTheTimersDueByATime() {
        // Given the bounds of "deadlines due by 1000"
        String from = TimerKeys.from(Kind.DEADLINE);
        String through = TimerKeys.through(Kind.DEADLINE, 1_000);

        // Then a timer at 1000 is inside, one at 1001 and other kinds are outside
        assertThat(TimerKeys.key(Kind.DEADLINE, 1_000, "p")).isBetween(from, through);
        assertThat(TimerKeys.key(Kind.DEADLINE, 0, "p")).isBetween(from, through);
        assertThat(TimerKeys.key(Kind.DEADLINE, 1_001, "p").compareTo(through)).isPositive();
        assertThat(TimerKeys.key(Kind.PURGE, 5, "p").compareTo(through)).isPositive();
    }

    @Test
    void shouldKeepTimersInARangeOfTheirOwnInThePlanStateStore() {
        // Given the widest range of one kind, and the keys of the store's other entries
        String from = TimerKeys.from(Kind.DEADLINE);
        String through = TimerKeys.through(Kind.DEADLINE, Long.MAX_VALUE - 1);
        List<String> others = List.of(
                StateKeys.plan("p"), StateKeys.definition("p"), StateKeys.step("p", "s"), StateKeys.step("t", "d/1"));

        // Then timers sit under their own prefix, and no other entry falls in a timer range
        assertThat(TimerKeys.key(Kind.DEADLINE, 5, "p")).startsWith("t/");
        assertThat(others).noneMatch(k -> k.compareTo(from) >= 0 && k.compareTo(through) < 0);
    }

    @Test
    void shouldParseStepIdsThatContainSlashes() {
        // When a key of a step id with slashes is parsed
        Timer t = TimerKeys.parse(TimerKeys.key(Kind.OUTCOME, 42, "p-1", "call/with/slashes"));

        // Then everything after the plan id is the step id
        assertThat(t).isEqualTo(new Timer(Kind.OUTCOME, 42, "p-1", "call/with/slashes"));
    }

    @Test
    void shouldRejectWhatIsNotATimerKey() {
        assertThatThrownBy(() -> TimerKeys.parse("x/123")).hasMessage("not a timer key: 'x/123'");
        assertThatThrownBy(() -> TimerKeys.key(Kind.PURGE, -1, "p"))
                .hasMessage("timer time must not be negative, got -1");
    }
}
