package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.config.ConfigSources;
import io.planexec.executor.ExecutorConfig;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.standalone.Standalone;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the container image on a machine without a container engine: the files its Dockerfiles copy
 * exist after {@code ./mvnw package} and are in the build context, the settings it sets are real, its entry point runs
 * the verbs when started directly, and its health check tells a ready service from none.
 */
@ExtendWith(KafkaClusterExtension.class)
class ContainerImageIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = ROOT.resolve("deploy/docker");

    /** The launcher's own variables: read by the entry point, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of(
            "PLANEXEC_HOME_DIR",
            "PLANEXEC_CLASSPATH",
            "PLANEXEC_MAX_RAM_PERCENTAGE",
            "PLANEXEC_JAVA_OPTS",
            "PLANEXEC_CDS");

    @Test
    void shouldCopyOnlyFilesThatExistAndThatTheBuildContextSends() throws IOException {
        List<String> instructions = instructions(DOCKER.resolve("Dockerfile"));
        List<String> sources = new ArrayList<>();
        for (String instruction : instructions) {
            if (instruction.startsWith("COPY ") && !instruction.contains("--from")) {
                String[] words = instruction.split("\\s+");
                for (int i = 1; i < words.length - 1; i++) {
                    sources.add(words[i]);
                }
            }
        }
        assertThat(sources).contains("cli/target/planexec.jar", "deploy/docker/entrypoint.sh");
        List<String> sent = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1))
                .toList();
        for (String source : sources) {
            assertThat(ROOT.resolve(source))
                    .as("COPY source %s (after ./mvnw package)", source)
                    .exists();
            assertThat(sent)
                    .as(".dockerignore sends %s", source)
                    .anySatisfy(s -> assertThat(source).startsWith(s));
        }
    }

    @Test
    void shouldPointTheEntryPointAndHealthCheckAtTheScriptsItCopies() throws IOException {
        List<String> instructions = instructions(DOCKER.resolve("Dockerfile"));
        Map<String, String> copied = new java.util.HashMap<>();
        instructions.stream().filter(i -> i.startsWith("COPY ")).forEach(i -> {
            String[] words = i.split("\\s+");
            copied.put(words[words.length - 1], words[1]);
        });
        assertThat(instructions)
                .anySatisfy(i -> assertThat(i).isEqualTo("ENTRYPOINT [\"/opt/planexec/bin/planexec\"]"))
                .anySatisfy(i -> assertThat(i).endsWith("CMD [\"/opt/planexec/bin/healthcheck\"]"));
        assertThat(copied)
                .containsEntry("/opt/planexec/bin/planexec", "deploy/docker/entrypoint.sh")
                .containsEntry("/opt/planexec/bin/healthcheck", "deploy/docker/healthcheck.sh")
                .containsEntry("/opt/planexec/planexec.jar", "cli/target/planexec.jar");
        assertThat(DOCKER.resolve("entrypoint.sh")).isExecutable();
        assertThat(DOCKER.resolve("healthcheck.sh")).isExecutable();
    }

    @Test
    void shouldSetOnlyRealSettingsAndTheLaunchersOwnVariables() throws IOException {
        Set<String> settings = new HashSet<>();
        PlannerConfig.DEFINITION.names().forEach(n -> settings.add(ConfigSources.envName(n)));
        ExecutorConfig.definition().names().forEach(n -> settings.add(ConfigSources.envName(n)));
        Pattern env = Pattern.compile("(PLANEXEC_[A-Z0-9_]+)=");
        for (Path file : List.of(DOCKER.resolve("Dockerfile"), DOCKER.resolve("example-tools/Dockerfile"))) {
            for (String instruction : instructions(file)) {
                if (!instruction.startsWith("ENV ")) {
                    continue;
                }
                Matcher m = env.matcher(instruction);
                while (m.find()) {
                    assertThat(settings.contains(m.group(1)) || LAUNCHER_VARIABLES.contains(m.group(1)))
                            .as("%s sets %s, which is neither a setting nor the launcher's", file, m.group(1))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void shouldRunVerbsThroughTheEntryPointStartedDirectly(@TempDir Path tmp) throws Exception {
        // Given the entry point outside the image, pointed at the built jar
        Map<String, String> env =
                Map.of("PLANEXEC_HOME_DIR", ROOT.resolve("cli/target").toString(), "TMPDIR", tmp.toString());

        // Then it runs the verbs it is given, as the image's ENTRYPOINT would
        Run version = sh(env, DOCKER.resolve("entrypoint.sh"), "--version");
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).contains("planexec");
        Run help = sh(env, DOCKER.resolve("entrypoint.sh"), "executor", "--help");
        assertThat(help.code()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage: planexec executor");

        // And says what is wrong without the jar
        Run missing = sh(Map.of("PLANEXEC_HOME_DIR", tmp.toString()), DOCKER.resolve("entrypoint.sh"), "--version");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).contains("no " + tmp.resolve("planexec.jar")).contains("PLANEXEC_HOME_DIR");
    }

    @Test
    void shouldReportAReadyServiceHealthyAndNoServiceUnhealthy(KafkaCluster kafka) throws Exception {
        try (Standalone planexec = Standalone.builder()
                .bootstrap(kafka.bootstrapServers())
                .topicPrefix(kafka.uniquePrefix("health"))
                .httpPort(0)
                .start()) {
            int port = URI.create(planexec.httpUrl().orElseThrow()).getPort();
            Run ready = sh(Map.of("PLANEXEC_HTTP_PORT", String.valueOf(port)), DOCKER.resolve("healthcheck.sh"));
            assertThat(ready.code()).as(ready.out()).isZero();
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Run none = sh(Map.of(), DOCKER.resolve("healthcheck.sh"), String.valueOf(free));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out()).contains("nothing listens on port " + free);
    }

    /** The Dockerfile's instructions, continuation lines joined, comments left out. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            out.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        return out;
    }

    private static Run sh(Map<String, String> env, Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private record Run(int code, String out) {}
}
