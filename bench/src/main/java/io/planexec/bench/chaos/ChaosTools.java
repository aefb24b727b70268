package io.planexec.bench.chaos;

import io.planexec.executor.tool.Arg;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.model.LatencyClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The tools of a chaos run: each call appends a line to a ledger file when it starts and when it ends (with the
 * process id, so a call can be matched with the executor process that made it, and that process's death), and sleeps
 * as long as it is told. Each line is {@code event|pid|executor|tool|plan|step|release|attempt|epoch ms|resource|writes},
 * appended with {@code O_SYNC} so that it survives the process's {@code kill -9}. Writes are to accounts ({@code acct:{account}}): the planner orders them, and executors run
 * one at a time per account.
 */
public final class ChaosTools {

    private final Path ledger;
    private final long pid = ProcessHandle.current().pid();

    public ChaosTools(Path ledger) {
        this.ledger = ledger;
    }

    public List<Tool> tools() {
        return Tool.fromMethods(this);
    }

    @ToolFunction(
            name = "chaos_pay",
            description = "Pays from an account (not idempotent); sleeps ms.",
            writes = "acct:{account}",
            latencyClass = LatencyClass.FAST,
            timeoutMs = 10_000)
    public String pay(
            @Arg(description = "The account") String account, @Arg(description = "Sleep") long ms, ToolContext context)
            throws InterruptedException {
        return run(context, ms, "acct:" + account, true);
    }

    @ToolFunction(
            name = "chaos_balance",
            description = "Reads an account (idempotent); sleeps ms.",
            reads = "acct:{account}",
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 10_000)
    public String balance(
            @Arg(description = "The account") String account, @Arg(description = "Sleep") long ms, ToolContext context)
            throws InterruptedException {
        return run(context, ms, "acct:" + account, false);
    }

    @ToolFunction(
            name = "chaos_notify",
            description = "Sends a notice (not idempotent, touches no shared resource); sleeps ms.",
            reads = {},
            writes = {},
            latencyClass = LatencyClass.MEDIUM,
            timeoutMs = 10_000)
    public String notify(@Arg(description = "Sleep") long ms, ToolContext context) throws InterruptedException {
        return run(context, ms, "-", false);
    }

    @ToolFunction(
            name = "chaos_fetch",
            description = "Fetches something (idempotent, touches no shared resource); sleeps ms.",
            reads = {},
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.MEDIUM,
            timeoutMs = 10_000)
    public String fetch(@Arg(description = "Sleep") long ms, ToolContext context) throws InterruptedException {
        return run(context, ms, "-", false);
    }

    private String run(ToolContext context, long ms, String resource, boolean writes) throws InterruptedException {
        append("start", context, resource, writes);
        Thread.sleep(ms);
        append("end", context, resource, writes);
        return context.tool() + " done";
    }

    private void append(String event, ToolContext c, String resource, boolean writes) {
        String line = String.join(
                        "|",
                        event,
                        Long.toString(pid),
                        c.executor(),
                        c.tool(),
                        c.planId(),
                        c.stepId(),
                        Integer.toString(c.release()),
                        Integer.toString(c.attempt()),
                        Long.toString(System.currentTimeMillis()),
                        resource,
                        Boolean.toString(writes))
                + "\n";
        synchronized (ChaosTools.class) {
            try {
                Files.writeString(
                        ledger,
                        line,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
