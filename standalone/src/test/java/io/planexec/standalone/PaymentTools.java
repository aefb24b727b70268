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
 * A non-idempotent tool that writes a ledger line when a call starts (the file named by the system property {@code
 * planexec.test.ledger}), then takes {@code ms}: what a crash must never make run twice. Loaded by an executor process
 * through {@link ToolProvider}.
 */
public final class PaymentTools implements ToolProvider {

    private final Path ledger;

    public PaymentTools() {
        this(Path.of(System.getProperty("planexec.test.ledger", "target/payments-ledger.txt")));
    }

    PaymentTools(Path ledger) {
        this.ledger = ledger;
    }

    @Override
    public Collection<Tool> tools() {
        return Tool.fromMethods(this);
    }

    @ToolFunction(
            name = "charge_card",
            description = "Charges a card once.",
            writes = "payments:{card}",
            latencyClass = LatencyClass.VERY_SLOW,
            timeoutMs = 3_000)
    public String chargeCard(@Arg("card") String card, @Arg("ms") int ms, ToolContext context)
            throws InterruptedException {
        write("start " + context.planId() + " " + context.stepId() + " " + card);
        Thread.sleep(ms);
        return "charged " + card;
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
