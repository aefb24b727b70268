package io.planexec.cli;

/** Bad usage or unreadable input: the verb ends with exit code 2 and this message, which says what to do. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
