package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void shouldStartDevWithTheLaunchersHeapThenThisProcesssOptions() {
        // Given the options the launcher starts 'bench' with
        List<String> bench = List.of(
                "-Dplanexec.home=/repo/.planexec",
                "-Dplanexec.bench.dev.heap=-Xms64m -Xmx768m",
                "-agentlib:jdwp=transport=dt_socket,server=y",
                "-Xmx2g",
                "-Dlogback.configurationFile=quiet.xml");

        // Then 'dev' gets the heap the launcher would give it, then the user's own options (a later -Xmx wins)
        assertThat(BenchCommand.devJvmOptions(bench, "-Xms64m -Xmx768m"))
                .containsExactly("-Xms64m", "-Xmx768m", "-Xmx2g", "-Dlogback.configurationFile=quiet.xml");
    }

    @Test
    void shouldPassThisProcesssOptionsAloneWithoutTheLauncher() {
        assertThat(BenchCommand.devJvmOptions(List.of("-Xmx1g", "-Dplanexec.home=/h"), null))
                .containsExactly("-Xmx1g");
    }
}
