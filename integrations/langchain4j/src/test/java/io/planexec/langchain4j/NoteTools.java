package io.planexec.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.planexec.model.LatencyClass;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** LangChain4j tools with planexec specs; each call is recorded with its start and end (nanoseconds). */
public final class NoteTools {

    /** One call: which, and when it ran. */
    record Call(String what, long start, long end) {}

    final Map<String, String> notes = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Tool("Stores a note under an id")
    @PlanexecSpec(writes = "note:{id}", latencyClass = LatencyClass.FAST)
    public String putNote(@P("the note's id") String id, @P("its text") String text) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(300);
        notes.put(id, text);
        calls.add(new Call("put " + id, start, System.nanoTime()));
        return "stored " + id;
    }

    @Tool("Reads a note")
    @PlanexecSpec(reads = "note:{id}", idempotent = true, latencyClass = LatencyClass.FAST)
    public String getNote(@P("the note's id") String id) {
        long start = System.nanoTime();
        String text = notes.getOrDefault(id, "(no such note)");
        calls.add(new Call("get " + id, start, System.nanoTime()));
        return text;
    }

    @Tool("The weather in a city")
    @PlanexecSpec(
            reads = {},
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.FAST)
    public Weather weather(@P("the city") String city) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(300);
        calls.add(new Call("weather " + city, start, System.nanoTime()));
        return new Weather(city, 14);
    }

    /** A structured output. */
    public record Weather(String city, int celsius) {}

    /** A tool without a planexec spec: its resources are unknown. */
    @Tool("Shouts")
    public String shout(String text) {
        return text.toUpperCase(java.util.Locale.ROOT);
    }
}
