package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.standalone.demo.DemoTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dev --data-dir}: a standalone system restarted on its data directory remembers its plans. */
class StandaloneRestartIT {

    @Test
    void shouldRememberAFinishedPlanAcrossARestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        AgentRequest request = Requests.openAi("restart-1")
                .call("create", "create_user", Map.of("name", "Ann"))
                .build();

        // Given a plan that ran on a standalone system with a kept data directory
        PlanResult first;
        DemoTools firstTools = new DemoTools();
        try (Standalone planexec = Standalone.builder()
                        .dataDir(dataDir)
                        .tools(firstTools.tools())
                        .start();
                PlanexecClient client = client(planexec)) {
            first = client.submit(request, Duration.ofSeconds(60)).get(70, TimeUnit.SECONDS);
        }
        assertThat(first.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(firstTools.calls("create_user")).isEqualTo(1);

        // When the system restarts on the same directory and the same plan id is submitted again
        DemoTools secondTools = new DemoTools();
        try (Standalone planexec = Standalone.builder()
                        .dataDir(dataDir)
                        .tools(secondTools.tools())
                        .start();
                PlanexecClient client = client(planexec)) {
            PlanResult again = client.submit(request, Duration.ofSeconds(60)).get(70, TimeUnit.SECONDS);

            // Then the first run's result comes back and the non-idempotent tool is not called again
            assertThat(again.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(again.steps().get("create").output())
                    .isEqualTo(first.steps().get("create").output());
            assertThat(secondTools.calls("create_user")).isZero();
        }
    }

    private static PlanexecClient client(Standalone planexec) throws InterruptedException {
        return PlanexecClient.builder()
                .bootstrapServers(planexec.bootstrapServers())
                .topicPrefix(planexec.topics().prefix())
                .build();
    }
}
