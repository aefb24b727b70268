package io.planexec.langchain4j;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What planexec needs to know of a LangChain4j {@code @Tool} method beyond its name, description and parameters: what
 * it reads and writes (templates over its arguments, e.g. {@code note:{id}}), whether a call may run twice, how long it
 * takes. Without it a tool's resources are unknown (its steps run alone) and it is never repeated.
 *
 * <pre>{@code
 * @Tool("Stores a note under an id")
 * @PlanexecSpec(writes = "note:{id}", latencyClass = LatencyClass.FAST)
 * public String putNote(@P("the note's id") String id, @P("its text") String text) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PlanexecSpec {

    /** The default of {@link #reads()} and {@link #writes()}: not declared. */
    String UNSPECIFIED = "\u0000unspecified";

    /** Resources read; both this and {@link #writes()} empty: the tool touches nothing. */
    String[] reads() default {UNSPECIFIED};

    /** Resources written. */
    String[] writes() default {UNSPECIFIED};

    /** Whether a call may safely run more than once (retried, re-run after a crash). */
    boolean idempotent() default false;

    /** At most so many calls at once in one executor; 0: no cap. */
    int concurrencyCap() default 0;

    LatencyClass latencyClass() default LatencyClass.MEDIUM;

    long timeoutMs() default ToolSpec.DEFAULT_TIMEOUT_MS;

    /** The task queue its executors consume; empty: its latency class's. */
    String queue() default "";
}
