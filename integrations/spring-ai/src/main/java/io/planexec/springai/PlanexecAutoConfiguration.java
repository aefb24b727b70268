package io.planexec.springai;

import io.planexec.client.PlanexecClient;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Switched on by {@code planexec.bootstrap-servers}: a {@link PlanexecClient} and a {@link PlanexecToolCallingManager},
 * so that every Spring AI chat model runs its responses' tool calls through planexec. Runs before Spring AI's own tool
 * calling configuration, whose manager then backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration")
@ConditionalOnProperty(prefix = "planexec", name = "bootstrap-servers")
@EnableConfigurationProperties(PlanexecProperties.class)
public class PlanexecAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PlanexecClient planexecClient(PlanexecProperties properties) throws InterruptedException {
        return PlanexecClient.builder()
                .bootstrapServers(properties.bootstrapServers())
                .topicPrefix(properties.topicPrefix())
                .defaultTimeout(properties.timeout())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(ToolCallingManager.class)
    public PlanexecToolCallingManager planexecToolCallingManager(PlanexecClient client, PlanexecProperties properties) {
        return new PlanexecToolCallingManager(
                client, ToolCallingManager.builder().build(), properties.timeout());
    }
}
