package io.planexec.executor.tool;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool and carries its spec. The JSON Schema of the arguments is derived from the method's
 * parameters (simple types, enums, records, {@code List}, {@code Map<String, T>}, {@code Optional}); a parameter of type
 * {@link ToolContext} receives the call's context instead of an argument. A method that returns a {@link
 * java.util.concurrent.CompletionStage} is an asynchronous tool; any other return value is the tool's output (a record,
 * map, list, string, number, boolean or {@code null}).
 *
 * <pre>{@code
 * @ToolFunction(description = "Exports users to a file", writes = "file:{filename}", timeoutMs = 5_000)
 * public ExportReport exportUsers(List<User> users, String filename) { ... }
 * }</pre>
 *
 * <p>Leave out both {@link #reads()} and {@link #writes()} when the tool's resources are unknown: its published spec
 * then carries no resource information and the planner runs its steps alone. {@code reads = {}, writes = {}} says the
 * tool touches nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolFunction {

    /** The default of {@link #reads()} and {@link #writes()}: not declared. */
    String UNSPECIFIED = "\u0000unspecified";

    /** The tool's name; the method's name when empty. */
    String name() default "";

    /** What the tool does, for the LLM. */
    String description();

    /** Resources read (templates over the arguments allowed, e.g. {@code file:{path}}). */
    String[] reads() default {UNSPECIFIED};

    /** Resources written (templates allowed). */
    String[] writes() default {UNSPECIFIED};

    /** Whether a call may safely run more than once; only idempotent tools are retried or re-run after a crash. */
    boolean idempotent() default false;

    /** At most this many calls at once in one executor process; 0 means no cap. */
    int concurrencyCap() default 0;

    /**
     * At most this many calls (retries included) may start in any {@link #rateLimitPerMs()} milliseconds in one
     * executor process; 0 means no limit.
     */
    int rateLimitCalls() default 0;

    /** The window of {@link #rateLimitCalls()}, in milliseconds. */
    long rateLimitPerMs() default 1_000;

    /** How long the tool typically takes; also its task queue when {@link #queue()} names none. */
    LatencyClass latencyClass() default LatencyClass.MEDIUM;

    /** How long one call may take before it is cancelled. */
    long timeoutMs() default ToolSpec.DEFAULT_TIMEOUT_MS;

    /** Retries of an idempotent tool when the request does not say; -1 means the default. */
    int maxRetries() default -1;

    /** The key that orders the tool's steps across plans (a template); empty means the first written resource. */
    String routingKey() default "";

    /**
     * The task queue its executors consume ({@code [A-Za-z0-9_-]}); empty means the executor's queue ({@code
     * executor.queue}) or, without one, the latency class's.
     */
    String queue() default "";
}
