package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerMainTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetOptionsWinOverTheFileAndTheEnvironment() throws Exception {
        // Given a config file and an environment variable
        Path file = dir.resolve("planner.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=fromfile\nplanner.retention.ms=5\n");

        // When options are given as well
        PlannerConfig config = io.planexec.planner.PlannerMainAccess.config(
                List.of("--config", file.toString(), "--bootstrap", "cli:9092", "--set", "planner.retention.ms=7"),
                Map.of("PLANEXEC_TOPIC_PREFIX", "fromenv"));

        // Then each source wins over the ones before it
        assertThat(config.streamsProperties()).containsEntry("bootstrap.servers", "cli:9092");
        assertThat(config.topics().prefix()).isEqualTo("fromenv");
        assertThat(config.engineSettings().retentionMs()).isEqualTo(7);
    }

    @Test
    void shouldRejectBadUsage() {
        assertThatThrownBy(() -> io.planexec.planner.PlannerMainAccess.config(List.of("--bogus", "x"), Map.of()))
                .hasMessageStartingWith("Unknown options: '--bogus'");
        assertThatThrownBy(() -> io.planexec.planner.PlannerMainAccess.config(List.of("--config"), Map.of()))
                .hasMessageContaining("Missing required parameter for option '--config'");
        assertThatThrownBy(() -> io.planexec.planner.PlannerMainAccess.config(List.of("--set", "novalue"), Map.of()))
                .hasMessageContaining("should be in KEY=VALUE format but was novalue");
    }

    @Test
    void shouldRefuseATypoInASettingWhereverItComesFrom() {
        // From an option, or from the environment
        assertThatThrownBy(() -> io.planexec.planner.PlannerMainAccess.config(
                        List.of("--bootstrap", "k:9092", "--set", "planner.treads=2"), Map.of()))
                .hasMessage("unknown setting 'planner.treads' (did you mean 'planner.threads'?); every setting is"
                        + " listed in docs/operations.md");
        assertThatThrownBy(() -> io.planexec.planner.PlannerMainAccess.config(
                        List.of("--bootstrap", "k:9092"), Map.of("PLANEXEC_PLANNER_COMMIT_INTERVAL", "5")))
                .hasMessageStartingWith(
                        "unknown setting 'planner.commit.interval' (did you mean 'planner.commit.interval.ms'?)");
    }
}
