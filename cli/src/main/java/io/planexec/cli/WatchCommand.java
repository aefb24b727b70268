package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.cli.render.EventText;
import io.planexec.client.PlanEventStream;
import io.planexec.config.Durations;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code planexec watch}: follows plan events live, a line per transition. */
@Command(
        name = "watch",
        header = "Follows plan events live, a line per transition.",
        mixinStandardHelpOptions = true,
        description = {
            "Follows plan events live, a line per transition: accepted, step released, started, finished,",
            "skipped, plan finished. With a PLAN_ID, shows that plan from its start and stops when it ends",
            "(saying so when no event of it is retained yet); without, shows every plan from now on until",
            "Ctrl-C.",
            "",
            "Exit codes: 0 the plan succeeded (or Ctrl-C), 1 it did not or did not end within --timeout, 2 bad",
            "usage or unreachable cluster."
        })
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAN_ID", description = "Only this plan.")
    String planId;

    @Option(names = "--from-beginning", description = "Also show the events still retained (default with a PLAN_ID).")
    boolean fromBeginning;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "With a PLAN_ID: give up when the plan has not ended within this time (default: wait).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        ClusterOptions.Cluster target = cluster.resolve();
        PrintWriter out = spec.commandLine().getOut();
        CompletableFuture<String> ended = new CompletableFuture<>();
        AtomicBoolean seen = new AtomicBoolean();
        boolean replay = fromBeginning || planId != null;
        try (PlanEventStream stream =
                PlanEventStream.follow(target.kafkaProperties(), target.topics(), planId, replay, e -> {
                    seen.set(true);
                    synchronized (out) {
                        out.println(EventText.line(e));
                        out.flush();
                    }
                    if (planId != null && ends(e)) {
                        ended.complete(e.status());
                    }
                })) {
            if (planId != null) {
                CompletableFuture<Void> unusedStage = stream.caughtUp().thenRun(() -> {
                    if (!seen.get()) {
                        spec.commandLine()
                                .getErr()
                                .println("planexec: no event of plan " + planId + " is retained on "
                                        + target.topics().events() + "; waiting for it to start"
                                        + (timeout == null
                                                ? " (Ctrl-C to stop)"
                                                : " for up to " + Durations.human(timeout)));
                    }
                });
            }
            String status = timeout == null ? ended.get() : ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return PlanStatus.SUCCEEDED.name().equals(status) ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
        } catch (TimeoutException e) {
            spec.commandLine()
                    .getErr()
                    .println("planexec: plan " + planId + " did not end within " + Durations.human(timeout));
            return ExitCodes.NOT_SUCCESSFUL;
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static boolean ends(PlanEvent e) {
        return e.type() == PlanEventType.PLAN_FINISHED || e.type() == PlanEventType.PLAN_REJECTED;
    }
}
