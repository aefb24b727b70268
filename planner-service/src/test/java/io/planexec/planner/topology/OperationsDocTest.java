package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.config.ConfigTables;
import io.planexec.planner.metrics.PlannerMeter;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.testing.MeterCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docs/operations.md} says what the code does: its tables are checked against the code. */
class OperationsDocTest {

    private static final Path DOC = Path.of("..", "docs", "operations.md");

    private static String doc() throws IOException {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }

    @Test
    void shouldDocumentEveryPlannerSettingAsTheCodeDefinesIt() throws IOException {
        String doc = doc();
        String begin = "<!-- planner-config:begin -->\n";
        String end = "<!-- planner-config:end -->";
        String table = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
        assertThat(table).isEqualTo(ConfigTables.markdown(PlannerConfig.DEFINITION));
    }

    @Test
    void shouldListEveryPlannerMeterInTheMetricsCatalogue() throws IOException {
        String metrics = doc().substring(doc().indexOf("## Monitoring"));
        assertThat(PlannerMeter.markdownRows().lines())
                .allSatisfy(row -> assertThat(metrics).contains(row));
    }

    @Test
    void shouldListNoPlannerMeterInTheCatalogueThatThePlannerDoesNotHave() throws IOException {
        // every row of the catalogue has the table's six cells, and the planner's rows are exactly its meters, in order
        List<String> rows = MeterCatalogue.rows(doc());
        assertThat(rows)
                .allSatisfy(row -> assertThat(MeterCatalogue.cells(row))
                        .as("cells of %s", row)
                        .hasSize(6));
        assertThat(rows.stream().filter(row -> MeterCatalogue.cells(row).get(4).equals("planner")))
                .containsExactlyElementsOf(PlannerMeter.markdownRows().lines().toList());
    }

    @Test
    void shouldDocumentTheDeadLetterHeaders() throws IOException {
        String doc = doc();
        for (String header : new String[] {
            DeadLetters.ERROR,
            DeadLetters.ERROR_PATH,
            DeadLetters.SOURCE_TOPIC,
            DeadLetters.SOURCE_PARTITION,
            DeadLetters.SOURCE_OFFSET,
            RequestProcessor.REKEYED
        }) {
            assertThat(doc).contains("`" + header + "`");
        }
    }
}
