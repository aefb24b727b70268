package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.cli.render.EventText;
import io.planexec.client.PlanEventStream;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
            "skipped, plan finished. With a PLAN_ID, shows that plan from its start and stops when it ends;",
            "without, shows every plan from now on until Ctrl-C.",
            "",
            "Exit codes: 0 the plan succeeded (or Ctrl-C), 1 it did not, 2 bad usage or unreachable cluster."
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

    @Override
    public Integer call() throws Exception {
        ClusterOptions.Cluster target = cluster.resolve();
        PrintWriter out = spec.commandLine().getOut();
        CompletableFuture<String> ended = new CompletableFuture<>();
        boolean replay = fromBeginning || planId != null;
        try (PlanEventStream stream =
                PlanEventStream.follow(target.kafkaProperties(), target.topics(), planId, replay, e -> {
                    synchronized (out) {
                        out.println(EventText.line(e));
                        out.flush();
                    }
                    if (planId != null && ends(e)) {
                        ended.complete(e.status());
                    }
                })) {
            String status = ended.get();
            return PlanStatus.SUCCEEDED.name().equals(status) ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static boolean ends(PlanEvent e) {
        return e.type() == PlanEventType.PLAN_FINISHED || e.type() == PlanEventType.PLAN_REJECTED;
    }
}
