package io.planexec.executor.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplaceEnvironmentFileAndDirectoryReferences() throws Exception {
        Path properties = Files.writeString(dir.resolve("secrets.properties"), "petstore.token=t0k\n");
        Path secrets = Files.createDirectories(dir.resolve("mounted"));
        Files.writeString(secrets.resolve("api-key"), "k3y");

        String value = ConfigValues.expand(
                "Bearer ${file:" + properties + ":petstore.token} ${dir:" + secrets + ":api-key} ${env:USER_NAME}",
                Map.of("USER_NAME", "ann"));

        assertThat(value).isEqualTo("Bearer t0k k3y ann");
        assertThat(ConfigValues.expand("no references", Map.of())).isEqualTo("no references");
    }

    @Test
    void shouldSayWhichReferenceHasNoValueAndWhy() throws Exception {
        Path properties = Files.writeString(dir.resolve("secrets.properties"), "a=1\n");

        assertThatThrownBy(() -> ConfigValues.expand("${env:NOPE}", Map.of()))
                .hasMessage("refers to ${env:NOPE}, but the variable NOPE is not set");
        assertThatThrownBy(() -> ConfigValues.expand("${file:" + properties + ":b}", Map.of()))
                .hasMessage("refers to ${file:" + properties + ":b}, but the file " + properties + " has no key b");
        assertThatThrownBy(() -> ConfigValues.expand("${dir:" + dir + ":none}", Map.of()))
                .hasMessage("refers to ${dir:" + dir + ":none}, but there is no file none in " + dir);
        assertThatThrownBy(() -> ConfigValues.expand("${file:nokey}", Map.of()))
                .hasMessage("${file:nokey} must be ${file:PATH:KEY}");
    }
}
