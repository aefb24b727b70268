package io.planexec.springai;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code planexec.*}: where planexec is. {@code planexec.bootstrap-servers} switches the integration on.
 *
 * @param bootstrapServers the Kafka cluster planexec runs on
 * @param topicPrefix the prefix of its topics (default {@code planexec})
 * @param timeout how long to wait for the result of a response's tool calls (default 2 minutes)
 */
@ConfigurationProperties("planexec")
public record PlanexecProperties(String bootstrapServers, String topicPrefix, Duration timeout) {

    public PlanexecProperties {
        topicPrefix = topicPrefix == null ? "planexec" : topicPrefix;
        timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
    }
}
