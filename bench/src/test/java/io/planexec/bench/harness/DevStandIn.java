package io.planexec.bench.harness;

import io.planexec.standalone.Standalone;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for {@code planexec dev} in the bench module's tests (the command-line app is built after this module): the
 * same {@link Standalone} with the demo tools, and the same ready and bootstrap lines. Stops on SIGTERM.
 *
 * <p>Arguments: {@code --topic-prefix PREFIX [--bootstrap HOST:PORT]}.
 */
public final class DevStandIn {

    private DevStandIn() {}

    public static void main(String[] args) throws Exception {
        Standalone.Builder builder = Standalone.builder();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--topic-prefix" -> builder.topicPrefix(args[i + 1]);
                case "--bootstrap" -> builder.bootstrap(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Standalone planexec = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            planexec.close();
            stopped.countDown();
        }));
        // The same lines as planexec dev (DevLauncher.READY and DevLauncher.BOOTSTRAP).
        System.out.printf(
                Locale.ROOT,
                "planexec dev: ready in %.1f s%n",
                planexec.startedIn().toMillis() / 1000.0);
        System.out.println("  bootstrap  " + planexec.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
