package io.planexec.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs {@code *Test} classes and Failsafe {@code *IT} classes, nothing else (the root pom's includes): a test
 * class of another name would never run. Every source file of every module's tests that declares a test is named so.
 */
class TestNamesTest {

    private static final Pattern TEST_ANNOTATION =
            Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example)\\b");

    @Test
    void shouldNameEveryTestClassSoThatSurefireOrFailsafeRunsIt() throws IOException {
        List<Path> sources;
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            sources = modules.map(m -> m.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .flatMap(TestNamesTest::javaFiles)
                    .toList();
        }
        assertThat(sources).as("test sources found").hasSizeGreaterThan(100);
        assertThat(sources.stream().filter(TestNamesTest::declaresTests))
                .allSatisfy(p -> assertThat(p.getFileName().toString())
                        .as("%s declares tests", p)
                        .matches(".*(Test|IT)\\.java"));
    }

    private static Stream<Path> javaFiles(Path root) {
        try {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.toString().endsWith(".java")).toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean declaresTests(Path source) {
        try {
            return TEST_ANNOTATION
                    .matcher(Files.readString(source, StandardCharsets.UTF_8))
                    .find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
