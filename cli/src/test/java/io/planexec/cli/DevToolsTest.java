package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.executor.source.ToolSource;
import io.planexec.executor.source.ToolSourceException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.ToolProvider;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.ToolSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code planexec dev} serves: the demo tools, those on the class path, and those of MCP servers. */
class DevToolsTest {

    /** A tool provider of a user's, found through a services file. */
    public static final class NoteTools implements ToolProvider {
        @ToolFunction(
                description = "Puts a note.",
                reads = {},
                writes = "notes:{key}")
        public String putNote(String key, String text) {
            return key;
        }

        @Override
        public Collection<Tool> tools() {
            return Tool.fromMethods(this);
        }
    }

    /** A provider whose tool has a demo tool's name. */
    public static final class ClashingTools implements ToolProvider {
        @ToolFunction(
                name = "get_weather",
                description = "Mine.",
                reads = {},
                writes = {})
        public String weather() {
            return "mine";
        }

        @Override
        public Collection<Tool> tools() {
            return Tool.fromMethods(this);
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldServeTheToolsOfAToolSourceAloneWithoutTheDemoTools() {
        ToolSource mcp = new ToolSource() {
            @Override
            public void open(Toolbox toolbox) {
                toolbox.register(
                        Tool.sync(ToolSpec.builder("files__read_text_file").build(), (args, ctx) -> "alpha"));
            }

            @Override
            public void close() {}
        };

        Toolbox toolbox = DevTools.toolbox(false, DevToolsTest.class.getClassLoader(), List.of(mcp));

        assertThat(toolbox.names()).containsExactly("files__read_text_file");
    }

    @Test
    void shouldSayWhyTheMcpServersCouldNotStart() {
        ToolSource failing = new ToolSource() {
            @Override
            public void open(Toolbox toolbox) {
                throw new ToolSourceException(
                        "stdio server 'files' (npx) did not start: command 'npx' is not on the PATH");
            }

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "MCP servers [files]";
            }
        };

        assertThatThrownBy(() -> DevTools.toolbox(true, DevToolsTest.class.getClassLoader(), List.of(failing)))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "MCP servers [files] could not start: stdio server 'files' (npx) did not start: command 'npx'"
                                + " is not on the PATH");
    }

    @Test
    void shouldServeTheClassPathsToolsBesideTheDemoTools() throws Exception {
        Toolbox toolbox = DevTools.toolbox(true, loaderWith(NoteTools.class));

        assertThat(toolbox.names()).contains("putNote", "get_weather", "create_user");
        assertThat(DevTools.toolbox(false, loaderWith(NoteTools.class)).names()).containsExactly("putNote");
    }

    @Test
    void shouldRefuseAClassPathToolWithADemoToolsNameAndAnEmptyToolbox() throws Exception {
        assertThatThrownBy(() -> DevTools.toolbox(true, loaderWith(ClashingTools.class)))
                .isInstanceOf(UsageException.class)
                .hasMessage("tools on the class path have the names of demo tools: [get_weather]; rename yours, or"
                        + " leave the demo tools out with --no-demo-tools");
        assertThatThrownBy(() -> DevTools.toolbox(false, new URLClassLoader(new URL[0], null)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("no tools to serve: --no-demo-tools leaves only the tools on the class path");
    }

    private ClassLoader loaderWith(Class<? extends ToolProvider> provider) throws Exception {
        Path services = dir.resolve(provider.getSimpleName()).resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ToolProvider.class.getName()), provider.getName() + "\n");
        return new URLClassLoader(
                new URL[] {dir.resolve(provider.getSimpleName()).toUri().toURL()},
                getClass().getClassLoader());
    }
}
