package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the scrape configuration of {@code deploy/prometheus}, checked and unit-tested by Prometheus'
 * own {@code promtool} (Debian's {@code prometheus} package; {@code .ci/install-prometheus} unpacks it), and held to
 * the project's rules: every alert tested firing, with a runbook, and listed in the operations guide.
 */
class AlertRulesTest {

    private static final String HOW =
            "run .ci/install-prometheus (it unpacks Debian's prometheus package), or install it";

    @Test
    void shouldPassPromtoolsRuleUnitTests() throws Exception {
        Path promtool = ExternalTools.require("promtool", HOW);
        String out = run(promtool, "test", "rules", "alerts-test.yml");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolsChecksOfTheRulesAndTheScrapeConfiguration() throws Exception {
        Path promtool = ExternalTools.require("promtool", HOW);
        assertThat(run(promtool, "check", "rules", "alerts.yml"))
                .contains("SUCCESS: " + DeployFiles.alertRules().size() + " rules found");
        assertThat(run(promtool, "check", "config", "prometheus.yml")).contains("is valid prometheus config file");
    }

    @Test
    void shouldTestEveryAlertFiring() {
        JsonNode tests = DeployFiles.yaml(DeployFiles.prometheusDir().resolve("alerts-test.yml"));
        Set<String> fired = new HashSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    fired.add(check.path("alertname").asText());
                }
            }
        }
        for (JsonNode rule : DeployFiles.alertRules()) {
            assertThat(fired)
                    .as(
                            "alerts-test.yml has a test where %s fires",
                            rule.path("alert").asText())
                    .contains(rule.path("alert").asText());
        }
    }

    @Test
    void shouldGiveEveryAlertASeverityASummaryADescriptionAndARunbook() {
        for (JsonNode rule : DeployFiles.alertRules()) {
            String name = rule.path("alert").asText();
            assertThat(name).startsWith("Planexec");
            assertThat(rule.path("labels").path("severity").asText())
                    .as(name + " severity")
                    .isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(name + " summary")
                    .isNotBlank();
            assertThat(rule.path("annotations").path("runbook").asText())
                    .as(name + " runbook")
                    .hasSizeGreaterThan(80);
        }
    }

    @Test
    void shouldListEveryAlertWithItsRunbookInTheOperationsGuide() throws IOException {
        DeployFiles.assertGeneratedSection(
                DeployFiles.root().resolve("docs/operations.md"), "alerts", DeployFiles.alertsMarkdown());
    }

    private static String run(Path promtool, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(DeployFiles.prometheusDir().toFile())
                .redirectErrorStream(true)
                .start();
        String out;
        try (var in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("promtool %s exit status; it said:%n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
