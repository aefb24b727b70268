package io.planexec.executor.offsets;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The offsets of one owned partition: which tasks are waiting or running, which are done, which non-idempotent calls
 * have started, and from that the offset to commit (the end of the contiguous prefix of finished tasks) with the
 * metadata that marks the finished and started offsets above it ({@link OffsetMarks}).
 *
 * <p>Marks restored from the metadata committed by a previous owner are kept until those offsets arrive (they are
 * then skipped) and are carried in every commit meanwhile, so no owner loses them.
 *
 * <p>A task at or beyond {@code committed offset + maxSpan} may not start (see {@link #mayStart}): the metadata then
 * always fits in its limit.
 *
 * <p>Not thread-safe: owned by one consumer loop.
 */
public final class PartitionOffsets {

    private enum State {
        /** Received, not finished. */
        PENDING,
        /** A non-idempotent call's STARTED notice is (being) committed; its result is not yet. */
        STARTED,
        /** Its result is (being) committed, or it needs no result (skipped, dead-lettered). */
        DONE,
        /** Restored as STARTED from a previous owner: never run; finished as far as commits go. */
        ABANDONED
    }

    private final NavigableMap<Long, State> states = new TreeMap<>();
    private final int maxSpan;
    /** The next offset expected from the consumer; -1 until known. */
    private long position;

    private long commitOffset;
    /** Counts changes, so the metadata is encoded again only when something changed. */
    private long version;

    private long encodedVersion = -1;
    private String encoded = "";

    /**
     * @param committed the committed offset, or {@code -1} when the group has none for the partition
     * @param restored the marks of the committed metadata
     * @param maxSpan how far above the commit offset a task may start
     */
    public PartitionOffsets(long committed, Map<Long, Mark> restored, int maxSpan) {
        this.position = committed;
        this.commitOffset = committed;
        this.maxSpan = maxSpan;
        restored.forEach((offset, mark) -> {
            if (committed < 0 || offset < committed) {
                throw new IllegalArgumentException(
                        "restored mark at " + offset + " below the committed offset " + committed);
            }
            states.put(offset, mark == Mark.DONE ? State.DONE : State.ABANDONED);
        });
    }

    /**
     * A record arrived.
     *
     * @return the mark a previous owner left for it ({@code null} when it must be run)
     */
    public Mark received(long offset) {
        if (position < 0 || commitOffset < 0) {
            commitOffset = offset;
        }
        position = Math.max(position, offset + 1);
        version++;
        State restored = states.get(offset);
        if (restored == State.DONE) {
            advance();
            return Mark.DONE;
        }
        if (restored == State.ABANDONED) {
            advance();
            return Mark.STARTED;
        }
        states.put(offset, State.PENDING);
        return null;
    }

    /** A non-idempotent call's STARTED notice goes into the next commit. */
    public void started(long offset) {
        requireState(offset, State.PENDING, "started");
        states.put(offset, State.STARTED);
        version++;
    }

    /** A STARTED notice was not committed and the call will not be made here: the offset is pending again. */
    public void revertStarted(long offset) {
        requireState(offset, State.STARTED, "reverted to pending");
        states.put(offset, State.PENDING);
        version++;
    }

    /** The task's result goes into the next commit (or it needs none). */
    public void done(long offset) {
        State state = states.get(offset);
        if (state != State.PENDING && state != State.STARTED) {
            throw new IllegalStateException("offset " + offset + " cannot be done: it is " + state);
        }
        states.put(offset, State.DONE);
        version++;
        advance();
    }

    /** Whether a task at this offset may start without the metadata outgrowing its limit. */
    public boolean mayStart(long offset) {
        return commitOffset < 0 || offset - commitOffset < maxSpan;
    }

    /** Whether tasks just past the received ones could not start (fetching more from the partition is pointless). */
    public boolean windowFull() {
        return position >= 0 && !mayStart(position);
    }

    /** The offset to commit: every task below it is finished; {@code -1} when nothing is known yet. */
    public long commitOffset() {
        return commitOffset;
    }

    /** The metadata to commit with {@link #commitOffset()}. */
    public String metadata() {
        if (commitOffset < 0) {
            return "";
        }
        if (encodedVersion == version) {
            return encoded;
        }
        NavigableMap<Long, Mark> marks = new TreeMap<>();
        for (Map.Entry<Long, State> e : states.tailMap(commitOffset, true).entrySet()) {
            switch (e.getValue()) {
                case DONE -> marks.put(e.getKey(), Mark.DONE);
                case STARTED, ABANDONED -> marks.put(e.getKey(), Mark.STARTED);
                case PENDING -> {}
            }
        }
        encoded = OffsetMarks.encode(commitOffset, marks);
        encodedVersion = version;
        return encoded;
    }

    /** Offsets tracked above the commit offset (for tests and metrics). */
    public int tracked() {
        return states.size();
    }

    private void advance() {
        for (Iterator<Map.Entry<Long, State>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, State> e = it.next();
            boolean finished = e.getValue() == State.DONE || e.getValue() == State.ABANDONED;
            if (!finished || e.getKey() >= position) {
                break;
            }
            it.remove();
        }
        Map.Entry<Long, State> first = states.firstEntry();
        long firstOpen = position;
        if (first != null && first.getKey() < position) {
            firstOpen = first.getKey();
        }
        commitOffset = Math.max(commitOffset, firstOpen);
    }

    private void requireState(long offset, State expected, String what) {
        State state = states.get(offset);
        if (state != expected) {
            throw new IllegalStateException("offset " + offset + " cannot be " + what + ": it is " + state);
        }
    }
}
