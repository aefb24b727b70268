package io.planexec.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md walks one step from request to result naming the class of each hop: every class it names is a
 * class of the code, and every {@code Class.method} a method (or nested type or constant) of that class.
 */
class ArchitectureWalkTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]+)(?:\\.([A-Za-z][A-Za-z0-9_]*))?`");
    private static final String SECTION = "### One step, from request to result";

    @Test
    void shouldNameOnlyClassesAndMethodsThatExist() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
        int from = doc.indexOf(SECTION);
        assertThat(from)
                .as("docs/architecture.md has the section '%s'", SECTION)
                .isNotNegative();
        String walk = doc.substring(from, doc.indexOf("\n#", from + SECTION.length()));
        Map<String, String> sources = sources();

        Matcher m = NAME.matcher(walk);
        int named = 0;
        while (m.find()) {
            String type = m.group(1);
            if (type.equals(type.toUpperCase(java.util.Locale.ROOT))) {
                continue; // a status or stage: QUEUED, RUNNING, STEP_RELEASED
            }
            named++;
            assertThat(sources).as("a class named %s", type).containsKey(type);
            String member = m.group(2);
            if (member != null) {
                assertThat(sources.get(type)).as("%s.%s", type, member).containsPattern("\\b" + member + "\\b");
            }
        }
        assertThat(named).as("classes named in the walk").isGreaterThan(30);
    }

    /** The source of every production class, by its simple name (top-level and nested types of one file share it). */
    private static Map<String, String> sources() throws IOException {
        Map<String, String> sources = new HashMap<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path main : modules.map(p -> p.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                        String text = read(p);
                        Matcher types = Pattern.compile("\\b(?:class|interface|record|enum) ([A-Z][A-Za-z0-9]*)")
                                .matcher(text);
                        while (types.find()) {
                            sources.merge(types.group(1), text, (a, b) -> a + b);
                        }
                    });
                }
            }
        }
        return sources;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
