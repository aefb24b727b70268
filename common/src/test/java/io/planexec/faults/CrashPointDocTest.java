package io.planexec.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/reliability.md's crash point table names exactly the crash points the code has. */
class CrashPointDocTest {

    private static final Path DOC = Path.of("..", "docs", "reliability.md");

    @Test
    void shouldDocumentEveryCrashPointAndNoOther() throws IOException {
        String doc = Files.readString(DOC);
        String table =
                doc.substring(doc.indexOf("<!-- crash-points:begin -->"), doc.indexOf("<!-- crash-points:end -->"));
        Matcher names = Pattern.compile("(?m)^\\| `([a-z.-]+)` \\|").matcher(table);
        List<String> documented = names.results().map(m -> m.group(1)).toList();

        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(CrashPoint.values())
                        .map(CrashPoint::pointName)
                        .toList());
    }
}
