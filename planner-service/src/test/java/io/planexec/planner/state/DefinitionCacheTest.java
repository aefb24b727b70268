package io.planexec.planner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.Dialect;
import io.planexec.model.LatencyClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionCacheTest {

    private static PlanDefinition definition(String planId, long acceptedAt, int steps) {
        List<StepDefinition> list = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new StepDefinition(
                    i, "s" + i, "t", Map.of(), LatencyClass.FAST, "fast", "k", 1_000, false, 0, null, List.of()));
            order.add(i);
        }
        return new PlanDefinition(planId, null, Dialect.STEPS, acceptedAt, acceptedAt + 1, list, order, Map.of(), null);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedBeyondItsStepBudget() {
        // Given a cache of 10 steps holding two plans of 4
        DefinitionCache cache = new DefinitionCache(10);
        cache.put(definition("a", 1, 4));
        cache.put(definition("b", 1, 4));
        cache.get("a", 1);

        // When a third plan of 4 arrives
        cache.put(definition("c", 1, 4));

        // Then the least recently used one is gone
        assertThat(cache.get("b", 1)).isNull();
        assertThat(cache.get("a", 1)).isNotNull();
        assertThat(cache.get("c", 1)).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void shouldNeverServeAnotherRunOfTheSamePlanId() {
        // Given a cached run accepted at 1
        DefinitionCache cache = new DefinitionCache(100);
        cache.put(definition("a", 1, 2));

        // Then a run of the same id accepted later is not served from it, and a removed one is gone
        assertThat(cache.get("a", 2)).isNull();
        cache.remove("a", 1);
        assertThat(cache.get("a", 1)).isNull();
    }

    @Test
    void shouldNotCacheAPlanLargerThanTheBudget() {
        DefinitionCache cache = new DefinitionCache(3);
        cache.put(definition("big", 1, 4));
        assertThat(cache.size()).isZero();
    }
}
