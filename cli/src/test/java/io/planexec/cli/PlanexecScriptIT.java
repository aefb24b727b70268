package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * planexec the way a new user meets it: the {@code ./planexec} script, started as processes: {@code dev} in one (with
 * the class archive the launcher records first), {@code submit} of an example in another, the README's recipe for
 * the user's own tools (a jar built against the tool API, an {@code executor} of it on its own queue, a plan), then
 * Ctrl-C (SIGTERM) on {@code dev}; and the launcher stopped while it records the archive.
 */
class PlanexecScriptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldRunDevThenSubmitAnExampleThenFollowTheOwnToolRecipeThenStopCleanly(@TempDir Path home) throws Exception {
        // Given './planexec dev' running, with no heap options of the user's
        Path devOut = home.resolve("dev.out");
        Process dev = Launcher.PROJECT.start(home, devOut, List.of(), Map.of(), "dev");
        try {
            // (the first start of a jar also records its class archive: about 20 s more)
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> read(devOut).contains("Ctrl-C stops everything") || !dev.isAlive());
            assertThat(dev.isAlive())
                    .as("dev is running; its output:%n%s", read(devOut))
                    .isTrue();
            assertThat(read(devOut))
                    .contains("planexec dev: ready in")
                    .contains("bootstrap  127.0.0.1:")
                    .contains("./planexec submit examples/openai-weather-news.json");
            assertThat(home.resolve("dev.properties")).exists();
            // (the launcher gave it its bounded heap, docs/operations.md#memory, and the class archive it recorded
            // before the first start of this jar, docs/operations.md#start-up-time)
            assertThat(dev.info().arguments())
                    .hasValueSatisfying(args -> assertThat(args)
                            .contains("-Xmx768m")
                            .anySatisfy(a -> assertThat(a).startsWith("-XX:SharedArchiveFile=")));
            assertThat(classesFromTheArchive(home, Map.of())).isGreaterThan(100);
            assertThat(classesFromTheArchive(home, Map.of("PLANEXEC_CDS", "off")))
                    .isZero();

            // And it serves its metrics where it says: the catalogue with latency buckets and Kafka client metrics
            String metricsUrl = read(devOut)
                    .lines()
                    .filter(l -> l.trim().startsWith("metrics "))
                    .findFirst()
                    .orElseThrow()
                    .trim()
                    .split("\\s+")[1];
            assertThat(metricsUrl).matches("http://127\\.0\\.0\\.1:\\d+/metrics");

            // When an example is submitted the way the dev output suggests
            Path submitOut = home.resolve("submit.out");
            Process submit = script(home, submitOut, "submit", "examples/openai-weather-news.json");
            assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();

            // Then it prints the successful result of the four calls and exits 0
            assertThat(submit.exitValue()).as(read(submitOut)).isZero();
            assertThat(read(submitOut))
                    .contains("plan p-42: SUCCEEDED")
                    .contains("\"tool_call_id\":\"call_4\"")
                    .contains("Weather in SF");

            // And the metrics show the plan: its duration in histogram buckets, the Kafka clients' own metrics
            String metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("planexec_planner_plans_finished_total{")
                    .containsPattern("planexec_planner_plan_duration_seconds_bucket\\{.*le=\"60\\.0\".*\\} [1-9]")
                    .contains("kafka_producer_record_send_total{")
                    .contains("kafka_stream_thread_process_rate{");

            // And 'planexec top' finds the running dev by itself and shows the plan's queues and tools
            Path topOut = home.resolve("top.out");
            Process top = script(home, topOut, "top", "--once", "--interval", "500ms");
            assertThat(top.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(top.exitValue()).as(read(topOut)).isZero();
            assertThat(read(topOut))
                    .contains(
                            "planexec top   " + java.net.URI.create(metricsUrl).getAuthority())
                    .containsPattern("(?m)^slow +")
                    .containsPattern("(?m)^get_weather +");

            // And the README's own-tool recipe, followed word for word beside dev, builds a tools jar against the tool
            // API, serves it from its own task queue, and its plan (the user's tools with a demo tool) succeeds
            followTheOwnToolRecipe(home);
        } finally {
            // And Ctrl-C stops dev cleanly
            dev.destroy();
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dev.exitValue()).isIn(0, 130, 143);
        assertThat(home.resolve("dev.properties")).doesNotExist();
    }

    @Test
    void shouldLeaveNoPartOfTheClassArchiveWhenStoppedWhileRecordingIt(@TempDir Path dir) throws Exception {
        // Given a launcher and its jar without a class archive yet
        Launcher launcher = Launcher.copyIn(dir);
        Path home = dir.resolve("home");

        // (asking a verb for its help shows it at once: no recording for that)
        Path help = dir.resolve("help.out");
        Process devHelp = launcher.start(home, help, List.of(), Map.of(), "dev", "--help");
        assertThat(devHelp.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(read(help)).contains("Usage: planexec dev").doesNotContain("recording");

        // When 'dev' is stopped (SIGTERM) while the launcher records the archive
        Path out = dir.resolve("dev.out");
        Process dev = launcher.start(home, out, List.of(), Map.of(), "dev");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> read(out).contains("recording the classes")
                        && dev.descendants().findAny().isPresent());
        List<ProcessHandle> recording = dev.descendants().toList();
        dev.destroy();

        // Then it stops with the recording, leaves no part of an archive, and does not give up recording for next time
        assertThat(dev.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dev.exitValue()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(30)).until(() -> recording.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(launcher.files()).as(read(out)).containsExactlyInAnyOrder("planexec.jar", "planexec-cds.log");
        assertThat(read(out)).doesNotContain("planexec dev: ready");
    }

    @Test
    void shouldStartWithoutTheClassArchiveAndNotRecordAgainWhenTheRecordingFailed(@TempDir Path dir) throws Exception {
        // Given a launcher without a class archive, and a heap in which nothing can run, the recording included
        Launcher launcher = Launcher.copyIn(dir);
        Map<String, String> tooSmall = Map.of("PLANEXEC_HEAP_OPTS", "-Xmx4m");

        // When 'demo' starts
        Path first = dir.resolve("first.out");
        Process demo = launcher.start(dir.resolve("home"), first, List.of(), tooSmall, "demo");
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Then it says so, leaves a marker and no part of an archive, and starts without one
        assertThat(read(first))
                .contains("recording the classes")
                .contains("could not record the classes (output: "
                        + launcher.target().resolve("planexec-cds.log"));
        assertThat(launcher.files())
                .as(read(first))
                .hasSize(3)
                .contains("planexec.jar", "planexec-cds.log")
                .anySatisfy(f -> assertThat(f).startsWith("planexec-").endsWith(".jsa.failed"));

        // And the next start does not try again
        Path second = dir.resolve("second.out");
        Process again = launcher.start(dir.resolve("home"), second, List.of(), tooSmall, "demo");
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(read(second)).as(read(second)).doesNotContain("recording");
    }

    @Test
    void shouldExplainAnExampleAndSayWhatToDoOnBadUsage(@TempDir Path home) throws Exception {
        Path out = home.resolve("explain.out");
        Process explain = script(
                home, out, "explain", "examples/users-create-list-update.json", "--tools", "examples/tools.json");
        assertThat(explain.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(explain.exitValue()).isZero();
        assertThat(read(out)).contains("critical path: create_1 -> list_1 -> update_1");

        Path bad = home.resolve("bad.out");
        Process usage = script(home, bad, "submit");
        assertThat(usage.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(ExitCodes.USAGE);
        assertThat(read(bad)).contains("Missing required parameter").contains("planexec submit --help");
    }

    /**
     * Follows the recipe of the README's "Your own tools" section word for word, with {@code ~} a test directory, beside
     * the running {@code dev}: its commands run from the clone with bash, its files are written where it says.
     */
    private static void followTheOwnToolRecipe(Path home) throws Exception {
        ReadmeRecipe recipe = ReadmeRecipe.read(ROOT.resolve("README.md"));
        assertThat(recipe.steps()).extracting(ReadmeRecipe.Step::kind).contains(ReadmeRecipe.Kind.START);
        List<Process> started = new ArrayList<>();
        try {
            int n = 0;
            for (ReadmeRecipe.Step step : recipe.steps()) {
                Path out = home.resolve("recipe-" + ++n + ".out");
                switch (step.kind()) {
                    case FILE ->
                        Files.writeString(
                                Files.createDirectories(step.file(home).getParent())
                                        .resolve(step.file(home).getFileName()),
                                step.text());
                    case RUN -> {
                        Process run = bash(home, out, step.text());
                        assertThat(run.waitFor(10, TimeUnit.MINUTES))
                                .as("README.md:%d", step.line())
                                .isTrue();
                        assertThat(run.exitValue())
                                .as("README.md:%d exits 0; its output:%n%s", step.line(), read(out))
                                .isZero();
                    }
                    case START -> {
                        Process process = bash(home, out, step.text());
                        started.add(process);
                        Path toolsOut = home.resolve("recipe-tools.out");
                        await().atMost(Duration.ofMinutes(5))
                                .pollInterval(Duration.ofSeconds(1))
                                .failFast(() -> assertThat(process.isAlive())
                                        .as("README.md:%d keeps running; its output:%n%s", step.line(), read(out))
                                        .isTrue())
                                .untilAsserted(() -> {
                                    Process tools = script(home, toolsOut, "tools");
                                    assertThat(tools.waitFor(60, TimeUnit.SECONDS))
                                            .isTrue();
                                    assertThat(read(toolsOut).lines().filter(l -> l.startsWith("put_note")))
                                            .singleElement()
                                            .satisfies(l -> assertThat(l).contains(" notes ", "(seen"));
                                });
                    }
                }
            }
            String submitted = read(home.resolve("recipe-" + n + ".out"));
            assertThat(submitted)
                    .contains("plan notes-1: SUCCEEDED")
                    .contains("tool calls as a graph")
                    .contains("Weather in Oslo");
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /**
     * Runs commands with bash from the clone, as a user would in a terminal: {@code HOME} the test's directory (Maven's
     * own files stay where they are), the planexec home of the test's {@code dev}, none of the launcher's settings.
     */
    private static Process bash(Path home, Path output, String commands) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("PLANEXEC_HEAP_OPTS");
        builder.environment().remove("PLANEXEC_CDS");
        builder.environment().remove("PLANEXEC_CLASSPATH");
        builder.environment().put("HOME", home.toString());
        builder.environment()
                .put(
                        "MAVEN_USER_HOME",
                        Path.of(System.getProperty("user.home"), ".m2").toString());
        builder.environment().put("PLANEXEC_JAVA_OPTS", "-Dplanexec.home=" + home + " -Xmx256m");
        return builder.start();
    }

    /** How many classes {@code ./planexec --version} loads from the launcher's class archive, with this environment. */
    private static long classesFromTheArchive(Path home, Map<String, String> environment) throws Exception {
        Path out = home.resolve("version.out");
        Process version =
                Launcher.PROJECT.start(home, out, List.of("-Xlog:class+load=info:stdout"), environment, "--version");
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as(read(out)).isZero();
        // JDK 17's wording for a class mapped from the dynamic (top) archive
        return read(out)
                .lines()
                .filter(l -> l.endsWith("source: shared objects file (top)"))
                .count();
    }

    private static Process script(Path home, Path output, String... args) throws IOException {
        return Launcher.PROJECT.start(home, output, List.of("-Xmx512m"), Map.of(), args);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
