package io.planexec.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.config.ConfigTables;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.testing.MeterCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference tables in docs/operations.md are the ones the code generates. */
class ExecutorDocsTest {

    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");

    @Test
    void shouldDocumentEverySettingAsDefined() throws IOException {
        assertThat(section("executor-settings")).isEqualTo(ConfigTables.markdown(ExecutorConfig.definition()));
    }

    @Test
    void shouldListEveryMeterInTheMetricsCatalogue() throws IOException {
        String text = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
        String catalogue = text.substring(text.indexOf("## Monitoring"));
        assertThat(ExecutorMeter.markdownRows().lines())
                .allSatisfy(row -> assertThat(catalogue).contains(row));
    }

    @Test
    void shouldListNoExecutorMeterInTheCatalogueThatTheExecutorDoesNotHave() throws IOException {
        // the executor's rows of the catalogue are exactly its meters, in order
        List<String> rows = MeterCatalogue.rows(Files.readString(OPERATIONS, StandardCharsets.UTF_8));
        assertThat(rows.stream().filter(row -> MeterCatalogue.cells(row).get(4).equals("executor")))
                .containsExactlyElementsOf(ExecutorMeter.markdownRows().lines().toList());
    }

    private static String section(String name) throws IOException {
        String text = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has the section %s", OPERATIONS, name).isNotNegative();
        assertThat(to).isGreaterThan(from);
        return text.substring(from + begin.length(), to);
    }
}
