package io.planexec.planner.topology;

/**
 * When the planner asks Kafka Streams to commit as soon as a record is processed, instead of at the next commit
 * interval. Under exactly-once the planner's output (a step task, a plan result) becomes visible only at a commit, so
 * a commit at once saves a pass the wait for the interval; but every commit is a transaction, and a busy planner that
 * committed after every record would spend its time committing. A record whose output someone waits for is committed
 * at once when either:
 *
 * <ul>
 *   <li>it is <b>fresh</b>: at most {@code maxAgeMs} old by its timestamp, so the planner is not behind; or
 *   <li>its stream thread is <b>quiet</b>: it processed at most {@code quietMaxRecords} records (this one included)
 *       in the current and the previous window of {@code windowMs}. A record can be old without the planner being behind: a step result reaches the
 *       planner only after the executor's transaction, which takes longer after seconds of idleness than when busy.
 * </ul>
 *
 * A busy thread processes far more records per window than the quiet bound, and its records are older than the fresh
 * bound, so it keeps committing in batches at the interval. Each stream thread counts its own records; one instance
 * is shared by every processor of the application.
 */
public final class EagerCommits {

    private final long maxAgeMs;
    private final int quietMaxRecords;
    private final long windowMs;
    private final ThreadLocal<Window> windows = ThreadLocal.withInitial(Window::new);

    /**
     * @param maxAgeMs a record at most this old is fresh ({@code 0}: no record is)
     * @param quietMaxRecords a thread that processed at most this many records in the window is quiet ({@code 0}: none
     *     is)
     * @param windowMs the window of the quiet count (the commit interval)
     */
    public EagerCommits(long maxAgeMs, int quietMaxRecords, long windowMs) {
        if (maxAgeMs < 0 || quietMaxRecords < 0 || windowMs < 1) {
            throw new IllegalArgumentException("maxAgeMs and quietMaxRecords must be >= 0 and windowMs >= 1, got "
                    + maxAgeMs + ", " + quietMaxRecords + ", " + windowMs);
        }
        this.maxAgeMs = maxAgeMs;
        this.quietMaxRecords = quietMaxRecords;
        this.windowMs = windowMs;
    }

    /**
     * Counts a record processed by the calling stream thread, and says whether to commit at once.
     *
     * @param awaited whether processing it sent something an executor or an agent waits for
     * @param nowMs the stream thread's time
     * @param recordTimestampMs the record's timestamp
     */
    public boolean onProcessed(boolean awaited, long nowMs, long recordTimestampMs) {
        int recent = windows.get().add(nowMs, windowMs);
        if (!awaited) {
            return false;
        }
        boolean fresh = maxAgeMs > 0 && nowMs - recordTimestampMs <= maxAgeMs;
        boolean quiet = recent <= quietMaxRecords;
        return fresh || quiet;
    }

    /**
     * A count of records over the last window, in two fixed buckets of the window's length: the current bucket and
     * the one before it. It over-counts (up to two windows' worth), which only makes a thread look busier than it is.
     */
    private static final class Window {
        private long bucket = Long.MIN_VALUE;
        private int current;
        private int previous;

        int add(long nowMs, long windowMs) {
            long b = Math.floorDiv(nowMs, windowMs);
            if (b != bucket) {
                previous = b == bucket + 1 ? current : 0;
                current = 0;
                bucket = b;
            }
            current++;
            return current + previous;
        }
    }
}
