package io.planexec.executor.tool;

import java.util.Collection;

/**
 * Supplies tools to an executor process. Implementations are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/io.planexec.executor.tool.ToolProvider} of a jar on the executor's class path.
 *
 * <pre>{@code
 * public final class MyTools implements ToolProvider {
 *     public Collection<Tool> tools() {
 *         return Tool.fromMethods(new UserTools(dataSource()));
 *     }
 * }
 * }</pre>
 */
public interface ToolProvider {

    /** The tools to register. */
    Collection<Tool> tools();
}
