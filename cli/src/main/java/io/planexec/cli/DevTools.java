package io.planexec.cli;

import io.planexec.executor.source.ToolSource;
import io.planexec.executor.source.ToolSourceException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.standalone.demo.DemoTools;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tools {@code planexec dev} serves: the demo tools (unless left out), those on the class path, and those of the MCP
 * servers of {@code --mcp-config} and the OpenAPI services of {@code --openapi-tools}.
 */
final class DevTools {

    private DevTools() {}

    /**
     * The demo tools and the tools of every {@link io.planexec.executor.tool.ToolProvider} the class loader finds.
     *
     * @throws UsageException when a class-path tool has a demo tool's name, or there is no tool at all
     */
    static Toolbox toolbox(boolean demoTools, ClassLoader classLoader) {
        return toolbox(demoTools, classLoader, List.of());
    }

    /**
     * The demo tools, the tools on the class path, and those of {@code sources} (MCP servers, OpenAPI services; opened
     * here, in order).
     *
     * @throws UsageException when a class-path tool has a demo tool's name, a source cannot start, or there is no tool
     *     at all
     */
    static Toolbox toolbox(boolean demoTools, ClassLoader classLoader, List<ToolSource> sources) {
        Toolbox found = Toolbox.fromServiceLoader(classLoader);
        Toolbox toolbox = new Toolbox();
        if (demoTools) {
            List<Tool> demo = new DemoTools().tools();
            List<String> clashes = new ArrayList<>();
            Set<String> yours = found.names();
            demo.stream().map(Tool::name).filter(yours::contains).forEach(clashes::add);
            if (!clashes.isEmpty()) {
                throw new UsageException("tools on the class path have the names of demo tools: " + clashes
                        + "; rename yours, or leave the demo tools out with --no-demo-tools");
            }
            toolbox.registerAll(demo);
        }
        toolbox.registerAll(found.tools());
        for (ToolSource source : sources) {
            try {
                source.open(toolbox);
            } catch (ToolSourceException e) {
                throw new UsageException(source + " could not start: " + e.getMessage());
            }
        }
        if (toolbox.names().isEmpty()) {
            throw new UsageException("no tools to serve: --no-demo-tools leaves only the tools on the class path and"
                    + " of --mcp-config and --openapi-tools, and none was found (with ./planexec: PLANEXEC_CLASSPATH=my-tools.jar, listed in"
                    + " META-INF/services/io.planexec.executor.tool.ToolProvider)");
        }
        return toolbox;
    }
}
