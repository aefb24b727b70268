package io.planexec.bench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadResidentMemoryFromAStatusFile() throws IOException {
        Path status = Files.writeString(
                dir.resolve("status"), "Name:\tjava\nVmHWM:\t  812345 kB\nVmRSS:\t  623456 kB\nThreads:\t88\n");

        assertThat(ProcessMemory.read(status, "VmRSS")).isEqualTo(623_456);
        assertThat(ProcessMemory.read(status, "VmHWM")).isEqualTo(812_345);
    }

    @Test
    void shouldSayWhichFieldIsMissing() throws IOException {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\n");

        assertThatThrownBy(() -> ProcessMemory.read(status, "VmRSS"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has no field VmRSS");
    }
}
