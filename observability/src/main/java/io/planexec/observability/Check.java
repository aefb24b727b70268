package io.planexec.observability;

import java.util.Objects;

/**
 * The outcome of one health check.
 *
 * @param ok whether it passes
 * @param detail what was found, e.g. {@code Kafka Streams is RUNNING} or why it fails
 */
public record Check(boolean ok, String detail) {

    public Check {
        Objects.requireNonNull(detail, "detail");
    }

    public static Check ok(String detail) {
        return new Check(true, detail);
    }

    public static Check failing(String detail) {
        return new Check(false, detail);
    }
}
