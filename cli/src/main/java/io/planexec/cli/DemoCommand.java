package io.planexec.cli;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.standalone.Standalone;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code planexec demo}: the in-process design's examples, run for real, with their timing. */
@Command(
        name = "demo",
        header = "Runs the example plans on an embedded broker and prints them beside one-after-another times.",
        mixinStandardHelpOptions = true,
        description = {
            "Starts everything on an embedded Kafka broker, runs the example plans (independent tools in",
            "parallel, conflicting writes in order, data flow through an artifact, a cycle, an unknown tool, a",
            "flaky tool) and prints each result with its timing next to what serial execution would take.",
            "",
            "Exit codes: 0 every plan ended as expected, 1 one did not, 2 it could not start."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** One example: a request, what it shows, and the status it should end with. */
    record Example(String title, AgentRequest request, PlanStatus expected) {}

    static List<Example> examples() {
        return List.of(
                new Example(
                        "three independent 2-second tools run at the same time",
                        Requests.openAi("demo-parallel")
                                .call("call_1", "get_weather", Map.of("city", "SF"))
                                .call("call_2", "get_news", Map.of("topic", "tech"))
                                .call("call_3", "sleep", Map.of("ms", 2000, "value", "done"))
                                .build(),
                        PlanStatus.SUCCEEDED),
                new Example(
                        "create, list and update a user run in order (they touch database:users)",
                        Requests.openAi("demo-users")
                                .call("create", "create_user", Map.of("name", "Ann"))
                                .call("list", "list_users", Map.of())
                                .call(
                                        "update",
                                        "update_user",
                                        Map.of("id", Requests.ref("create", "/id"), "name", "Ann B."))
                                .build(),
                        PlanStatus.SUCCEEDED),
                new Example(
                        "export waits for fetch: it consumes the artifact fetch produces",
                        Requests.steps("demo-export")
                                .step("fetch", "fetch_users", Map.of("limit", 100))
                                .produces("users")
                                .step(
                                        "export",
                                        "export_users",
                                        Map.of("users", Requests.artifact("users"), "filename", "users.csv"))
                                .build(),
                        PlanStatus.SUCCEEDED),
                new Example(
                        "a cycle is rejected, named by its path",
                        Requests.steps("demo-cycle")
                                .step("a", "sleep", Map.of("value", Requests.ref("c")))
                                .step("b", "sleep", Map.of())
                                .dependsOn("a")
                                .step("c", "sleep", Map.of())
                                .dependsOn("b")
                                .build(),
                        PlanStatus.REJECTED),
                new Example(
                        "an unknown tool fails with the list of known tools; the rest still runs",
                        Requests.anthropic("demo-unknown")
                                .call("toolu_1", "get_wether", Map.of("city", "SF"))
                                .call("toolu_2", "get_news", Map.of("topic", "kafka", "delay_ms", 500))
                                .build(),
                        PlanStatus.PARTIAL),
                new Example(
                        "a flaky idempotent tool is retried until it succeeds",
                        Requests.openAi("demo-flaky")
                                .call("call_1", "flaky", Map.of("fail_times", 2, "key", "demo"))
                                .maxRetries(3)
                                .build(),
                        PlanStatus.SUCCEEDED));
    }

    @Override
    public Integer call() throws Exception {
        LogLevels.quietServices();
        PrintWriter out = spec.commandLine().getOut();
        out.println("planexec demo: starting an embedded Kafka broker, the planner and an executor...");
        out.flush();
        int failures = 0;
        try (Standalone planexec = Standalone.builder().start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(planexec.bootstrapServers())
                        .topicPrefix(planexec.topics().prefix())
                        .build()) {
            out.printf(
                    Locale.ROOT,
                    "ready in %.1f s (broker at %s)%n%n",
                    planexec.startedIn().toMillis() / 1000.0,
                    planexec.bootstrapServers());
            for (Example example : examples()) {
                PlanResult result =
                        client.submit(example.request(), Duration.ofSeconds(60)).get(70, TimeUnit.SECONDS);
                boolean asExpected = result.status() == example.expected();
                failures += asExpected ? 0 : 1;
                print(out, example, result, asExpected);
            }
        } catch (IllegalStateException e) {
            throw new UsageException("could not start: " + e.getMessage());
        }
        out.println(failures == 0 ? "every plan ended as expected" : failures + " plan(s) did not end as expected");
        out.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
    }

    private static void print(PrintWriter out, Example example, PlanResult result, boolean asExpected) {
        out.println("== " + example.title());
        out.print("   " + result.planId() + ": " + result.status()
                + (asExpected ? "" : " (expected " + example.expected() + ")"));
        if (result.status() != PlanStatus.REJECTED) {
            long makespan = result.stats().makespanMs();
            long serial = result.stats().serialMs();
            out.printf(Locale.ROOT, " in %d ms; one after another: %d ms", makespan, serial);
            if (makespan > 0 && serial > makespan) {
                out.printf(Locale.ROOT, " (%.1fx faster)", (double) serial / makespan);
            }
        }
        out.println();
        result.errors().forEach(e -> out.println("   error: " + e.message()));
        for (Map.Entry<String, StepOutcome> e : result.steps().entrySet()) {
            StepOutcome s = e.getValue();
            String detail = s.error() != null ? s.error() : String.valueOf(s.output());
            if (detail.length() > 90) {
                detail = detail.substring(0, 87) + "...";
            }
            out.printf(Locale.ROOT, "   %-8s %-9s attempts %d  %s%n", e.getKey(), s.status(), s.attempts(), detail);
        }
        out.println();
        out.flush();
    }
}
