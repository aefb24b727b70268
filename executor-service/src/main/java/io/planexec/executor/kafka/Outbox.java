package io.planexec.executor.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records waiting for the next transaction: STARTED notices, results, dead letters. They stay until a transaction
 * holding them commits, so a failed transaction is simply tried again.
 */
final class Outbox {

    /** What a record is. */
    enum Kind {
        STARTED,
        RESULT,
        DEAD_LETTER
    }

    /**
     * One record.
     *
     * @param entry the task it reports on ({@code null} for a dead letter)
     * @param partition the partition its task came from
     */
    record Item(Kind kind, ProducerRecord<byte[], byte[]> record, TaskEntry entry, PartitionState partition) {}

    private final List<Item> items = new ArrayList<>();

    void add(Item item) {
        items.add(item);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }

    List<Item> items() {
        return items;
    }

    /**
     * Drops the records that must not be published because their partition is no longer owned: STARTED notices (the
     * call will not be made here), dead letters and results of idempotent tasks (the new owner handles them again).
     * Results of non-idempotent calls stay: nobody else will run or report them.
     */
    void dropOrphans(Predicate<PartitionState> owned) {
        items.removeIf(item -> !owned.test(item.partition())
                && !(item.kind() == Kind.RESULT && !item.entry().idempotent()));
    }

    /** Drops the STARTED notice of a task whose call will not be made. */
    void dropStarted(TaskEntry entry) {
        for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (item.kind() == Kind.STARTED && item.entry() == entry) {
                it.remove();
            }
        }
    }

    /** Takes every record out, for a transaction. */
    List<Item> takeAll() {
        List<Item> taken = new ArrayList<>(items);
        items.clear();
        return taken;
    }

    /** Puts back the records of a transaction that did not commit, ahead of those added since. */
    void restore(List<Item> taken) {
        items.addAll(0, taken);
    }
}
