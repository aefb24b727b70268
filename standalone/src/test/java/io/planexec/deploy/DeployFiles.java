package io.planexec.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.planexec.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The monitoring files of {@code deploy/}, read as Grafana and Prometheus read them. */
final class DeployFiles {

    /** A PromQL expression and where it is used, for messages. */
    record Query(String where, String expr) {

        /**
         * The expression as Grafana sends it: its variables replaced ({@code $__rate_interval} by a window that holds
         * several scrapes, every multi-value variable by "all").
         */
        String forPrometheus(String rateWindow) {
            return expr.replace("$__rate_interval", rateWindow)
                    .replace("$__interval", rateWindow)
                    .replace("$tool", ".*")
                    .replace("$queue", ".*");
        }
    }

    /** A dashboard panel. */
    record Panel(String dashboard, String title, String description, List<Query> queries) {}

    private DeployFiles() {}

    static Path root() {
        return ExternalTools.checkoutRoot()
                .orElseThrow(() -> new IllegalStateException(
                        "no checkout root (.ci) above " + Path.of("").toAbsolutePath()));
    }

    /**
     * Asserts that the part of a doc between {@code <!-- name:begin -->} and {@code <!-- name:end -->} is {@code
     * expected}, the text generated from the files it describes; on a mismatch writes the expected text to {@code
     * target/<name>.md} for copying in.
     */
    static void assertGeneratedSection(Path doc, String name, String expected) throws IOException {
        String text = Files.readString(doc);
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        org.assertj.core.api.Assertions.assertThat(text).as(doc + " markers").contains(begin, end);
        String documented = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        if (!documented.equals(expected)) {
            Path written = Path.of("target", name + ".md");
            Files.writeString(written, expected);
            org.assertj.core.api.Assertions.assertThat(documented)
                    .as(
                            "the %s section of %s, generated from the files it describes (the expected text is in %s)",
                            name, doc.getFileName(), written.toAbsolutePath())
                    .isEqualTo(expected);
        }
    }

    static Path dashboardsDir() {
        return root().resolve("deploy/grafana/dashboards");
    }

    static Path prometheusDir() {
        return root().resolve("deploy/prometheus");
    }

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(dashboardsDir())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = dashboard(file);
            String title = dashboard.path("title").asText();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = "dashboard '" + title + "', panel '"
                        + panel.path("title").asText() + "'";
                List<Query> queries = new ArrayList<>();
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(
                            where + " (" + target.path("refId").asText() + ")",
                            target.path("expr").asText()));
                }
                panels.add(new Panel(
                        title,
                        panel.path("title").asText(),
                        panel.path("description").asText(),
                        queries));
            }
        }
        return panels;
    }

    /**
     * The dashboards panel by panel, as {@code docs/operations.md} shows them: per dashboard a heading, its description
     * and a table of its panels' titles and descriptions.
     */
    static String panelsMarkdown() {
        StringBuilder out = new StringBuilder();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = dashboard(file);
            out.append("\n#### ")
                    .append(dashboard.path("title").asText())
                    .append(" (`")
                    .append(file.getFileName())
                    .append("`)\n\n")
                    .append(dashboard.path("description").asText())
                    .append("\n\n| panel | shows |\n|---|---|\n");
            for (JsonNode panel : dashboard.path("panels")) {
                out.append("| ")
                        .append(panel.path("title").asText())
                        .append(" | ")
                        .append(panel.path("description").asText())
                        .append(" |\n");
            }
        }
        return out.append("\n").toString();
    }

    /**
     * The alert rules as {@code docs/operations.md} lists them: name, severity, when it fires (its {@code description})
     * and its runbook.
     */
    static String alertsMarkdown() {
        StringBuilder out = new StringBuilder("| alert | severity | fires when | runbook |\n|---|---|---|---|\n");
        for (JsonNode rule : alertRules()) {
            JsonNode annotations = rule.path("annotations");
            out.append("| `")
                    .append(rule.path("alert").asText())
                    .append("` | ")
                    .append(rule.path("labels").path("severity").asText())
                    .append(" | ")
                    .append(annotations.path("description").asText())
                    .append(" | ")
                    .append(annotations.path("runbook").asText())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The alert rules of {@code deploy/prometheus/alerts.yml}: name, expression and the rule itself. */
    static List<JsonNode> alertRules() {
        try {
            JsonNode rules = new YAMLMapper()
                    .readTree(prometheusDir().resolve("alerts.yml").toFile());
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode group : rules.path("groups")) {
                group.path("rules").forEach(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> alertQueries() {
        return alertRules().stream()
                .map(rule -> new Query(
                        "alert " + rule.path("alert").asText(),
                        rule.path("expr").asText()))
                .toList();
    }

    static JsonNode yaml(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
