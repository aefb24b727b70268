package io.planexec.bench.harness.tools;

import io.planexec.executor.tool.Tool;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;

/**
 * The harness's own tools. Each takes no time of its own (0 ms), so what a plan takes above zero is the overhead of
 * whatever runs it.
 *
 * <ul>
 *   <li>{@value #NOOP}: touches nothing, returns {@code "ok"}; idempotent, FAST;
 *   <li>{@value #LEDGER_WRITE}: writes {@code ledger:{key}} and records the write in the {@link Ledger}; idempotent,
 *       FAST (like the demo's {@code write_file});
 *   <li>{@value #LEDGER_WRITE_ONCE}: the same, not idempotent (the executor commits a STARTED notice before the call,
 *       like the demo's {@code create_user}).
 * </ul>
 */
public final class BenchTools {

    /** A tool that does nothing and touches nothing. */
    public static final String NOOP = "bench_noop";
    /** An idempotent write of {@code ledger:{key}}. */
    public static final String LEDGER_WRITE = "bench_ledger_write";
    /** A non-idempotent write of {@code ledger:{key}}. */
    public static final String LEDGER_WRITE_ONCE = "bench_ledger_write_once";

    private static final Map<String, Object> KEY_PARAMETERS = Map.of(
            "type",
            "object",
            "properties",
            Map.of("key", Map.of("type", "string", "description", "The ledger to write")),
            "required",
            List.of("key"));

    private final Ledger ledger = new Ledger();

    /** Every write the ledger tools made in this process. */
    public Ledger ledger() {
        return ledger;
    }

    /** The tools, ready to register. */
    public List<Tool> tools() {
        return List.of(
                Tool.sync(
                        ToolSpec.builder(NOOP)
                                .description("Does nothing, at once.")
                                .touchesNothing()
                                .idempotent(true)
                                .latencyClass(LatencyClass.FAST)
                                .timeoutMs(5_000)
                                .build(),
                        (args, context) -> "ok"),
                ledgerTool(LEDGER_WRITE, true),
                ledgerTool(LEDGER_WRITE_ONCE, false));
    }

    private Tool ledgerTool(String name, boolean idempotent) {
        return Tool.sync(
                ToolSpec.builder(name)
                        .description("Writes the ledger 'key' and records the write.")
                        .parameters(KEY_PARAMETERS)
                        .writes("ledger:{key}")
                        .idempotent(idempotent)
                        .latencyClass(LatencyClass.FAST)
                        .timeoutMs(5_000)
                        .build(),
                (args, context) -> {
                    Object key = args.get("key");
                    if (!(key instanceof String k)) {
                        throw new IllegalArgumentException("tool '" + name + "': argument 'key' must be a string");
                    }
                    int position = ledger.write(k, context.planId(), context.stepId());
                    return Map.of("key", k, "position", position);
                });
    }
}
