package io.planexec.bench.chaos;

import io.planexec.executor.ExecutorMain;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An executor process of a chaos run: {@link ExecutorMain} with the {@link ChaosTools}, writing to the ledger named by
 * the system property {@code planexec.chaos.ledger}. Its arguments are {@code ExecutorMain}'s.
 */
public final class ChaosExecutor {

    private ChaosExecutor() {}

    public static void main(String[] args) {
        Path ledger = Path.of(System.getProperty("planexec.chaos.ledger"));
        String[] withTools = Arrays.copyOf(args, args.length + 2);
        withTools[args.length] = "--tools";
        withTools[args.length + 1] = "chaos_pay,chaos_balance,chaos_notify,chaos_fetch";
        System.exit(ExecutorMain.run(withTools, System.getenv(), new ChaosTools(ledger).tools()));
    }
}
