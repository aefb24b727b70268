package io.planexec.executor.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes a parameter of a {@link ToolFunction} method or a component of a record argument. Without it
 * the parameter's own name is used (the build compiles with {@code -parameters}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Arg {

    /** The argument's name in the JSON arguments; the parameter's name when empty. */
    String value() default "";

    /** What the argument means, for the LLM (the schema's {@code description}). */
    String description() default "";

    /**
     * Whether the argument must be given. An absent optional argument is passed as {@code null} (use a boxed type);
     * {@code Optional<T>} parameters are always optional.
     */
    boolean required() default true;
}
