package io.planexec.executor.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyedQueueTest {

    record Task(String orderingKey, String tool, long sequence, int partition) implements Schedulable {}

    private final KeyedQueue<Task> queue = new KeyedQueue<>();
    private long sequence;

    @Test
    void shouldRunTasksOfOneKeyOneAtATimeInArrivalOrder() {
        // Given three tasks of one key
        Task first = add("k", "write");
        Task second = add("k", "write");
        Task third = add("k", "write");

        // When the first is handed out, the key is busy until it is done
        assertThat(next()).isEqualTo(first);
        assertThat(next()).isNull();
        queue.done(first);

        // Then the others follow in order
        assertThat(next()).isEqualTo(second);
        queue.done(second);
        assertThat(next()).isEqualTo(third);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void shouldRunTasksOfDifferentKeysAtOnce() {
        Task a = add("a", "t");
        Task b = add("b", "t");
        Task c = add("c", "t");

        assertThat(List.of(next(), next(), next())).containsExactly(a, b, c);
        assertThat(queue.busyKeys()).isEqualTo(3);
    }

    @Test
    void shouldHandOutTheOldestReadyTaskWhenAKeyFrees() {
        // Given key a busy with a long queue, then b
        Task a1 = add("a", "t");
        Task a2 = add("a", "t");
        Task b1 = add("b", "t");
        assertThat(next()).isEqualTo(a1);

        // When a1 ends, a2 (older than b1) comes first
        queue.done(a1);
        assertThat(next()).isEqualTo(a2);
        assertThat(next()).isEqualTo(b1);
    }

    @Test
    void shouldPassOverAToolAtItsCapWithoutHoldingUpOtherTools() {
        // Given a capped tool's task ahead of another tool's
        add("x", "capped");
        Task other = add("y", "free");

        // When the capped tool admits nothing, the other tool's task is handed out
        assertThat(queue.next(tool -> !tool.equals("capped"), t -> true)).isEqualTo(other);
        assertThat(queue.next(tool -> !tool.equals("capped"), t -> true)).isNull();
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void shouldLeaveTasksTheGateRejectsWaiting() {
        Task p0 = add("x", "t", 0);
        Task p1 = add("y", "t", 1);

        assertThat(queue.next(t -> true, t -> t.partition() != 0)).isEqualTo(p1);
        assertThat(queue.next(t -> true, t -> t.partition() != 0)).isNull();
        assertThat(queue.next(t -> true, t -> true)).isEqualTo(p0);
    }

    @Test
    void shouldDropTheWaitingTasksOfAPartitionAndKeepItsBusyKeyBusy() {
        // Given partition 0 with a running task and two waiting, and partition 1 with one
        Task running = add("k", "t", 0);
        add("k", "t", 0);
        add("j", "t", 0);
        Task other = add("m", "t", 1);
        assertThat(next()).isEqualTo(running);

        // When partition 0's waiting tasks are dropped
        List<Task> dropped = queue.removeIf(t -> t.partition() == 0);

        // Then only partition 1's task is left, and the running one can still end
        assertThat(dropped).hasSize(2);
        assertThat(next()).isEqualTo(other);
        queue.done(running);
        assertThat(next()).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldTakeBackATaskThatCouldNotStartAheadOfItsKey() {
        Task first = add("k", "t");
        Task second = add("k", "t");
        assertThat(next()).isEqualTo(first);

        queue.putBack(first);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(next()).isEqualTo(first);
        queue.done(first);
        assertThat(next()).isEqualTo(second);
    }

    @Test
    void shouldRefuseATaskThatArrivesOutOfOrder() {
        queue.add(new Task("k", "t", 5, 0));
        assertThatThrownBy(() -> queue.add(new Task("k", "t", 3, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task 3 of key 'k' arrived after task 5");
    }

    @Test
    void shouldKeepKeyOrderAndCapsUnderRandomCompletion() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> caps = Map.of("a", 1, "b", 2, "c", 3);
        Map<String, Integer> running = new HashMap<>();
        Map<String, List<Long>> started = new HashMap<>();
        Map<String, List<Long>> sent = new HashMap<>();
        List<Task> inFlight = new ArrayList<>();
        Set<String> busy = new HashSet<>();
        for (int round = 0; round < 5_000; round++) {
            if (random.nextInt(3) > 0) {
                String key = "k" + random.nextInt(8);
                String tool = List.of("a", "b", "c").get(random.nextInt(3));
                Task t = add(key, tool, key.hashCode() & 3);
                sent.computeIfAbsent(key, k -> new ArrayList<>()).add(t.sequence());
            }
            Task t;
            while ((t = queue.next(tool -> running.getOrDefault(tool, 0) < caps.get(tool), x -> true)) != null) {
                assertThat(busy.add(t.orderingKey()))
                        .as("seed %s: key %s overlaps", seed, t.orderingKey())
                        .isTrue();
                running.merge(t.tool(), 1, Integer::sum);
                assertThat(running.get(t.tool())).as("seed %s: cap", seed).isLessThanOrEqualTo(caps.get(t.tool()));
                started.computeIfAbsent(t.orderingKey(), k -> new ArrayList<>()).add(t.sequence());
                inFlight.add(t);
            }
            if (!inFlight.isEmpty() && random.nextBoolean()) {
                Task done = inFlight.remove(random.nextInt(inFlight.size()));
                busy.remove(done.orderingKey());
                running.merge(done.tool(), -1, Integer::sum);
                queue.done(done);
            }
        }
        started.forEach((key, sequences) -> assertThat(sequences)
                .as("seed %s: order of key %s", seed, key)
                .containsExactlyElementsOf(sent.get(key).subList(0, sequences.size())));
    }

    private Task add(String key, String tool) {
        return add(key, tool, 0);
    }

    private Task add(String key, String tool, int partition) {
        Task task = new Task(key, tool, sequence++, partition);
        queue.add(task);
        return task;
    }

    private Task next() {
        return queue.next(t -> true, t -> true);
    }
}
