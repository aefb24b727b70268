package io.planexec.executor.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Key-ordered scheduling of tasks: tasks with the same key run one at a time in arrival order, tasks with different keys
 * may run at once. A key is busy from {@link #next} handing out its head until {@link #done} is called for it. Among the
 * ready tasks (heads of keys that are not busy), {@link #next} hands out the oldest one whose tool admits another call
 * and that passes the caller's gate, so a tool at its cap never holds up other tools.
 *
 * <p>Not thread-safe: owned by one consumer loop.
 */
public final class KeyedQueue<T extends Schedulable> {

    private static final Comparator<Schedulable> BY_SEQUENCE = Comparator.comparingLong(Schedulable::sequence);

    /** Not yet handed out, per key, in arrival order; the head of a key that is not busy is ready. */
    private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();

    private final Set<String> busy = new HashSet<>();
    /** The ready heads, per tool, oldest first. */
    private final Map<String, TreeSet<T>> ready = new HashMap<>();

    private int size;

    /** Adds a task behind every earlier task of its key. */
    public void add(T task) {
        ArrayDeque<T> queue = waiting.computeIfAbsent(task.orderingKey(), k -> new ArrayDeque<>());
        if (!queue.isEmpty() && queue.peekLast().sequence() >= task.sequence()) {
            throw new IllegalArgumentException("task " + task.sequence() + " of key '" + task.orderingKey()
                    + "' arrived after task " + queue.peekLast().sequence());
        }
        queue.addLast(task);
        size++;
        if (queue.size() == 1 && !busy.contains(task.orderingKey())) {
            readySet(task.tool()).add(task);
        }
    }

    /**
     * Hands out the oldest ready task that may start now, and marks its key busy.
     *
     * @param toolAdmits whether a tool may take another call (its cap)
     * @param gate whether a task may start (e.g. its partition's offset window)
     * @return the task, or {@code null} when none may start
     */
    public T next(Predicate<String> toolAdmits, Predicate<T> gate) {
        T best = null;
        for (Map.Entry<String, TreeSet<T>> entry : ready.entrySet()) {
            if (entry.getValue().isEmpty() || !toolAdmits.test(entry.getKey())) {
                continue;
            }
            for (T candidate : entry.getValue()) {
                if (best != null && candidate.sequence() > best.sequence()) {
                    break;
                }
                if (gate.test(candidate)) {
                    best = candidate;
                    break;
                }
            }
        }
        if (best != null) {
            ready.get(best.tool()).remove(best);
            waiting.get(best.orderingKey()).removeFirst();
            busy.add(best.orderingKey());
            size--;
        }
        return best;
    }

    /** Undoes {@link #next}: the task goes back to the head of its key, ready again. */
    public void putBack(T task) {
        String key = task.orderingKey();
        if (!busy.remove(key)) {
            throw new IllegalStateException("key '" + key + "' is not busy");
        }
        waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(task);
        size++;
        readySet(task.tool()).add(task);
    }

    /** The task handed out for its key has ended: the key's next task becomes ready. */
    public void done(T task) {
        String key = task.orderingKey();
        if (!busy.remove(key)) {
            throw new IllegalStateException("key '" + key + "' is not busy");
        }
        ArrayDeque<T> queue = waiting.get(key);
        if (queue == null || queue.isEmpty()) {
            waiting.remove(key);
        } else {
            readySet(queue.peekFirst().tool()).add(queue.peekFirst());
        }
    }

    /**
     * Removes the waiting tasks of every key whose first waiting task matches (all tasks of a key come from one
     * partition, so a partition test removes the partition's tasks). Tasks already handed out stay busy until done.
     */
    public List<T> removeIf(Predicate<T> matches) {
        List<T> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, ArrayDeque<T>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            ArrayDeque<T> queue = it.next().getValue();
            if (!queue.isEmpty() && matches.test(queue.peekFirst())) {
                T head = queue.peekFirst();
                TreeSet<T> set = ready.get(head.tool());
                if (set != null) {
                    set.remove(head);
                }
                removed.addAll(queue);
                size -= queue.size();
                queue.clear();
                if (!busy.contains(head.orderingKey())) {
                    it.remove();
                }
            }
        }
        return removed;
    }

    /** Tasks waiting (not handed out). */
    public int size() {
        return size;
    }

    /** Keys with a task handed out and not done. */
    public int busyKeys() {
        return busy.size();
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private NavigableSet<T> readySet(String tool) {
        return ready.computeIfAbsent(tool, t -> new TreeSet<>(BY_SEQUENCE));
    }
}
