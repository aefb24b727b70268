package io.planexec.standalone;

import io.planexec.executor.tool.Arg;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.ToolProvider;
import io.planexec.model.LatencyClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * A non-idempotent and an idempotent tool for the crash point tests: each call appends {@code start} and {@code end}
 * lines with the plan and step to the ledger named by the system property {@code planexec.test.ledger} (with {@code
 * O_SYNC}, so a line survives the process's death). With {@code -Dplanexec.test.halt.in.call=true} a call halts its
 * JVM right after its start line: an executor dying during the call.
 */
public final class CrashTools implements ToolProvider {

    private final Path ledger;

    public CrashTools() {
        this(Path.of(System.getProperty("planexec.test.ledger", "target/crash-ledger.txt")));
    }

    CrashTools(Path ledger) {
        this.ledger = ledger;
    }

    @Override
    public Collection<Tool> tools() {
        return Tool.fromMethods(this);
    }

    @ToolFunction(
            name = "crash_pay",
            description = "Pays once (not idempotent).",
            writes = "payments:{id}",
            latencyClass = LatencyClass.VERY_SLOW,
            timeoutMs = 3_000)
    public String pay(@Arg("id") String id, ToolContext context) {
        return call(context);
    }

    @ToolFunction(
            name = "crash_sync",
            description = "Synchronises an index (idempotent).",
            writes = "index:{id}",
            idempotent = true,
            latencyClass = LatencyClass.VERY_SLOW,
            timeoutMs = 3_000)
    public String sync(@Arg("id") String id, ToolContext context) {
        return call(context);
    }

    private String call(ToolContext context) {
        write("start " + context.planId() + " " + context.stepId());
        if (Boolean.getBoolean("planexec.test.halt.in.call")) {
            Runtime.getRuntime().halt(137);
        }
        write("end " + context.planId() + " " + context.stepId());
        return context.tool() + " done";
    }

    /** The ledger's lines. */
    static List<String> read(Path ledger) {
        try {
            return Files.exists(ledger) ? Files.readAllLines(ledger, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void write(String line) {
        try {
            Files.writeString(
                    ledger,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
