package io.planexec.executor.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolboxTest {

    @Test
    void shouldRegisterLookUpAndRemoveTools() {
        // Given a toolbox with a listener
        Toolbox toolbox = new Toolbox();
        List<String> events = new ArrayList<>();
        toolbox.addListener(new ToolboxListener() {
            @Override
            public void registered(ToolSpec spec) {
                events.add("+" + spec.name());
            }

            @Override
            public void removed(String name) {
                events.add("-" + name);
            }
        });

        // When tools are registered, one replaced, one removed, then all
        toolbox.register(tool("b", LatencyClass.FAST)).register(tool("a", LatencyClass.SLOW));
        toolbox.register(tool("a", LatencyClass.FAST));
        assertThat(toolbox.hasSpec("a")).isTrue();
        assertThat(toolbox.spec("a")).get().extracting(ToolSpec::latencyClass).isEqualTo(LatencyClass.FAST);
        assertThat(toolbox.names()).isEqualTo(Set.of("a", "b"));
        assertThat(toolbox.remove("a")).isTrue();
        assertThat(toolbox.remove("a")).isFalse();
        toolbox.removeAll();

        // Then every change was heard, and nothing is left
        assertThat(events).containsExactly("+b", "+a", "+a", "-a", "-b");
        assertThat(toolbox.specs()).isEmpty();
        assertThat(toolbox.spec("b")).isEmpty();
    }

    @Test
    void shouldServeOnlyToolsOfTheServedClassesAndNames() {
        Toolbox toolbox = new Toolbox()
                .register(tool("fast1", LatencyClass.FAST))
                .register(tool("fast2", LatencyClass.FAST))
                .register(tool("slow", LatencyClass.SLOW));

        ToolSelection all = new ToolSelection(toolbox, Set.of(LatencyClass.FAST), Set.of());
        ToolSelection named = new ToolSelection(toolbox, Set.of(LatencyClass.FAST, LatencyClass.SLOW), Set.of("fast2"));

        assertThat(all.names()).containsExactly("fast1", "fast2");
        assertThat(all.tool("slow")).isEmpty();
        assertThat(named.names()).containsExactly("fast2");
        assertThat(named.mayServe("slow")).isFalse();
    }

    @Test
    void shouldConsumeTheLatencyClassesQueuesAndEveryQueueItsToolsName() {
        // Given tools of two classes, one of them naming its own queue
        Toolbox toolbox = new Toolbox()
                .register(tool("fast1", LatencyClass.FAST))
                .register(Tool.sync(
                        ToolSpec.builder("render")
                                .latencyClass(LatencyClass.SLOW)
                                .queue("gpu")
                                .build(),
                        (args, ctx) -> "r"));

        // When an executor serves the fast and slow classes without a queue of its own
        ToolSelection selection =
                new ToolSelection(toolbox, Set.of(LatencyClass.SLOW, LatencyClass.FAST), Set.of(), null);

        // Then it consumes those classes' queues and the tool's queue, and publishes the specs as declared
        assertThat(selection.queues()).containsExactly("fast", "slow", "gpu");
        assertThat(selection.names("gpu")).containsExactly("render");
        assertThat(selection.names("slow")).isEmpty();
        assertThat(selection.specs()).extracting(ToolSpec::queue).containsExactly(null, "gpu");
    }

    @Test
    void shouldPutTheToolsThatNameNoQueueOnTheExecutorsQueue() {
        // Given tools of two classes, one naming its own queue
        Toolbox toolbox = new Toolbox()
                .register(tool("note", LatencyClass.FAST))
                .register(tool("search", LatencyClass.SLOW))
                .register(Tool.sync(ToolSpec.builder("render").queue("gpu").build(), (args, ctx) -> "r"));

        // When an executor serves them on its own queue "notes"
        ToolSelection selection = new ToolSelection(toolbox, Set.of(LatencyClass.values()), Set.of(), "notes");

        // Then it consumes only "notes" and the queue a tool names, never a latency class's queue
        assertThat(selection.queues()).containsExactly("notes", "gpu");
        assertThat(selection.names("notes")).containsExactly("note", "search");
        assertThat(selection.specs())
                .extracting(ToolSpec::name, ToolSpec::effectiveQueue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("note", "notes"),
                        org.assertj.core.groups.Tuple.tuple("render", "gpu"),
                        org.assertj.core.groups.Tuple.tuple("search", "notes"));

        // And a tool registered later that names a queue not consumed is not served (the queues are fixed at start)
        toolbox.register(Tool.sync(ToolSpec.builder("late").queue("video").build(), (args, ctx) -> "l"));
        assertThat(selection.tool("late")).isEmpty();
        assertThat(selection.unconsumed(toolbox.spec("late").orElseThrow())).isTrue();
        assertThat(selection.queues()).containsExactly("notes", "gpu");
    }

    @Test
    void shouldLoadToolsFromProvidersOnTheClassPath() {
        Toolbox toolbox = Toolbox.fromServiceLoader(getClass().getClassLoader());

        assertThat(toolbox.names()).contains("charge", "reindex");
    }

    private static Tool tool(String name, LatencyClass c) {
        return Tool.sync(ToolSpec.builder(name).latencyClass(c).build(), (args, ctx) -> name);
    }
}
