package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards of {@code deploy/grafana}: importable into current Grafana, with the data source as a
 * variable, and described panel by panel in {@code docs/operations.md}. That every metric they use exists, and that
 * Prometheus answers every query, {@code MonitoringIT} checks against a running system.
 */
class DashboardsTest {

    private static final int CURRENT_SCHEMA = 39;

    @Test
    void shouldHaveTheThreeDashboardsWithUniqueIdsOnTheCurrentSchema() {
        List<Path> files = DeployFiles.dashboardFiles();
        assertThat(files.stream().map(f -> f.getFileName().toString()))
                .containsExactly("planexec-executors.json", "planexec-overview.json", "planexec-planner.json");
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode dashboard = DeployFiles.dashboard(file);
            assertThat(dashboard.path("schemaVersion").asInt())
                    .as(file + " schemaVersion")
                    .isGreaterThanOrEqualTo(CURRENT_SCHEMA);
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as(file + " uid is unique")
                    .isTrue();
            assertThat(dashboard.has("id"))
                    .as(file + " carries no instance-specific id")
                    .isFalse();
        }
    }

    @Test
    void shouldTakeThePrometheusDataSourceFromAVariableInEveryPanelAndQuery() {
        for (Path file : DeployFiles.dashboardFiles()) {
            JsonNode dashboard = DeployFiles.dashboard(file);
            JsonNode variable = dashboard.path("templating").path("list").get(0);
            assertThat(variable.path("type").asText())
                    .as(file + " first variable")
                    .isEqualTo("datasource");
            assertThat(variable.path("query").asText()).isEqualTo("prometheus");
            for (JsonNode panel : dashboard.path("panels")) {
                String where =
                        file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("datasource").path("uid").asText())
                        .as(where)
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets").size())
                        .as(where + " has queries")
                        .isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText())
                            .as(where)
                            .isEqualTo("${datasource}");
                    assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldLayOutPanelsWithoutOverlapAndWithUniqueIds() {
        for (Path file : DeployFiles.dashboardFiles()) {
            List<int[]> boxes = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : DeployFiles.dashboard(file).path("panels")) {
                String where =
                        file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                assertThat(ids.add(panel.path("id").asInt())).as(where + " id").isTrue();
                JsonNode pos = panel.path("gridPos");
                int[] box = {
                    pos.path("x").asInt(),
                    pos.path("y").asInt(),
                    pos.path("w").asInt(),
                    pos.path("h").asInt()
                };
                assertThat(box[0] + box[2]).as(where + " fits the 24 columns").isLessThanOrEqualTo(24);
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2]
                            && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3]
                            && other[1] < box[1] + box[3];
                    assertThat(overlap).as(where + " overlaps another panel").isFalse();
                }
                boxes.add(box);
            }
        }
    }

    @Test
    void shouldDescribeEveryPanelInTheOperationsGuide() throws IOException {
        DeployFiles.assertGeneratedSection(
                DeployFiles.root().resolve("docs/operations.md"), "dashboards", DeployFiles.panelsMarkdown());
    }
}
