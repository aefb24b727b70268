package io.planexec.openapi;

/** An OpenAPI tools file that cannot be used; the message names the file, the place in it and the problem. */
public final class OpenApiConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OpenApiConfigException(String message) {
        super(message);
    }

    public OpenApiConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
