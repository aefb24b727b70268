package io.planexec.cli;

/** The exit codes of every verb. */
public final class ExitCodes {

    /** Success: the request was accepted, the plan succeeded. */
    public static final int OK = 0;
    /** The plan was rejected or did not succeed. */
    public static final int NOT_SUCCESSFUL = 1;
    /** Bad usage or unreadable input: the message says what to do. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
