package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every verb's help is readable: printed whole, each line of its description kept as written. */
class HelpTest {

    @Test
    void shouldPrintEveryDescriptionLineUnfolded() {
        // Given every verb, with the lines of its description as written in the code
        Map<String, CommandLine> verbs = new CommandLine(new PlanexecCli()).getSubcommands();
        assertThat(verbs).containsKeys("explain", "submit", "dev", "demo");
        List<String> folded = new ArrayList<>();
        for (Map.Entry<String, CommandLine> verb : verbs.entrySet()) {
            // When its help is asked for
            StringWriter out = new StringWriter();
            int code = PlanexecCli.execute(
                    new String[] {verb.getKey(), "--help"}, new PrintWriter(out, true), new PrintWriter(out, true));

            // Then it exits 0, and every line of the description is printed on one line (none folded in two)
            assertThat(code).as(verb.getKey()).isZero();
            List<String> printed = out.toString().lines().map(String::strip).toList();
            for (String line : verb.getValue().getCommandSpec().usageMessage().description()) {
                if (!line.isBlank() && !printed.contains(line.strip())) {
                    folded.add(verb.getKey() + ": " + line);
                }
            }
        }
        assertThat(folded).as("description lines folded by the help width").isEmpty();
    }

    @Test
    void shouldListEveryVerbWithAWholeSentence() {
        // When the top-level help is asked for
        StringWriter out = new StringWriter();
        int code = PlanexecCli.execute(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(out, true));

        // Then every verb is listed with one sentence, whole (not the first line of a longer description)
        assertThat(code).isZero();
        List<String> listed = out.toString()
                .lines()
                .dropWhile(l -> !l.startsWith("Commands:"))
                .skip(1)
                .toList();
        assertThat(listed)
                .hasSize(new CommandLine(new PlanexecCli()).getSubcommands().size());
        assertThat(listed).allSatisfy(l -> assertThat(l.strip()).endsWith("."));
    }
}
