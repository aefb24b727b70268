package io.planexec.executor;

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
 * Tools that append a line to a ledger file when each call starts and when it ends, for tests that kill an executor
 * process. Found by {@link java.util.ServiceLoader} in a child JVM: the ledger is the file named by the system property
 * {@code planexec.test.ledger}; {@code planexec.test.max.sleep.ms} caps how long calls sleep.
 */
public final class LedgerTools implements ToolProvider {

    private final Path ledger;
    private final long maxSleepMs;

    public LedgerTools() {
        this(
                Path.of(System.getProperty("planexec.test.ledger", "target/ledger.txt")),
                Long.getLong("planexec.test.max.sleep.ms", Long.MAX_VALUE));
    }

    LedgerTools(Path ledger, long maxSleepMs) {
        this.ledger = ledger;
        this.maxSleepMs = maxSleepMs;
    }

    @Override
    public Collection<Tool> tools() {
        return Tool.fromMethods(this);
    }

    @ToolFunction(
            description = "Charges a card (not idempotent); sleeps ms",
            writes = "card:{card}",
            latencyClass = LatencyClass.FAST,
            timeoutMs = 120_000)
    public String charge(String card, long ms, ToolContext context) throws InterruptedException {
        return run(context, ms);
    }

    @ToolFunction(
            description = "Reindexes (idempotent); sleeps ms",
            writes = "index:{name}",
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 120_000)
    public String reindex(String name, long ms, ToolContext context) throws InterruptedException {
        return run(context, ms);
    }

    @ToolFunction(
            description = "Settles an account (not idempotent, one call at a time per executor); sleeps ms",
            writes = "account:{account}",
            concurrencyCap = 1,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 120_000)
    public String settle(String account, long ms, ToolContext context) throws InterruptedException {
        return run(context, ms);
    }

    private String run(ToolContext context, long ms) throws InterruptedException {
        append("start", context);
        Thread.sleep(Math.min(ms, maxSleepMs));
        append("end", context);
        return context.tool() + " done by " + context.executor();
    }

    private void append(String event, ToolContext c) {
        String line = String.join(
                        "|",
                        event,
                        c.executor(),
                        c.tool(),
                        c.planId(),
                        c.stepId(),
                        Integer.toString(c.release()),
                        Integer.toString(c.attempt()))
                + "\n";
        synchronized (LedgerTools.class) {
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

    /** The ledger's lines, split into fields. */
    static List<List<String>> read(Path ledger) {
        try {
            if (!Files.exists(ledger)) {
                return List.of();
            }
            return Files.readAllLines(ledger, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> List.of(l.split("\\|")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
