package io.planexec.executor.kafka;

/** A consumer loop cannot go on (its producer was fenced, or a transaction can be neither committed nor aborted). */
final class FatalLoopException extends RuntimeException {

    FatalLoopException(String message, Throwable cause) {
        super(message, cause);
    }
}
