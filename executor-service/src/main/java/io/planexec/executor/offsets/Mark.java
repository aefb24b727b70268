package io.planexec.executor.offsets;

/** What the committed offset metadata says about an offset above the committed offset. */
public enum Mark {
    /** The task's result is published: never run or report it again. */
    DONE,
    /** A non-idempotent call began and its outcome was never committed: never run it again (it ends UNKNOWN). */
    STARTED
}
