package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every manifest of {@code deploy/k8s}, the base and each overlay rendered, against the schemas of Kubernetes, KEDA
 * and the Prometheus Operator, with the npm packages {@code kubernetes-models}, {@code @kubernetes-models/keda} and
 * {@code @kubernetes-models/prometheus-operator} ({@code deploy/k8s/validate}, installed with {@code npm ci} on first
 * use). Strimzi's KafkaTopics have no schema there: {@code DeployManifestsTest} checks them against the code.
 */
class ManifestSchemasTest {

    private static final Path VALIDATE = K8sManifests.K8S.resolve("validate");
    private static Path node;

    @BeforeAll
    static void install() throws Exception {
        String how = "install Node.js and npm (the schema check runs kubernetes-models with them)";
        node = ExternalTools.require("node", how);
        Path npm = ExternalTools.require("npm", how);
        if (!Files.isDirectory(VALIDATE.resolve("node_modules"))) {
            Run ci = run(VALIDATE, 300, npm.toString(), "ci", "--no-audit", "--no-fund");
            ExternalTools.requireThat(
                    ci.code() == 0, "'npm ci' in deploy/k8s/validate failed (no npm registry?): " + ci.out());
        }
    }

    @Test
    void shouldValidateTheBase() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(K8sManifests.K8S.resolve("base"))) {
            all.filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .forEach(f -> files.add(f.toString()));
        }
        assertValid(files);
    }

    @Test
    void shouldValidateEveryOverlayRendered(@TempDir Path dir) throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path rendered = dir.resolve(overlay + ".yaml");
            List<Map<String, Object>> docs = K8sManifests.overlay(overlay);
            Files.writeString(rendered, new Yaml(options).dumpAll(docs.iterator()));
            assertValid(List.of(rendered.toString()));
        }
    }

    private static void assertValid(List<String> files) throws Exception {
        List<String> command = new ArrayList<>(List.of(node.toString(), "validate.mjs"));
        command.addAll(files);
        Run run = run(VALIDATE, 120, command.toArray(String[]::new));
        assertThat(run.code()).as("schema validation:%n%s", run.out()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("unchecked")))
                .as("only Strimzi's resources go without a schema")
                .allSatisfy(l -> assertThat(l).startsWith("unchecked kafka.strimzi.io/"));
        assertThat(run.out().lines().filter(l -> l.startsWith("valid"))).hasSizeGreaterThanOrEqualTo(15);
    }

    private static Run run(Path dir, int seconds, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " took over " + seconds + " s");
        }
        return new Run(p.exitValue(), out);
    }

    private record Run(int code, String out) {}
}
