package io.planexec.planner.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic checks against a real broker, on a clock the test moves. */
@ExtendWith(KafkaClusterExtension.class)
class AdminTopicChecksIT {

    private static final long TRUSTED_MS = 60_000;
    private static final long MISSING_MS = 5_000;

    @Test
    void shouldSeeATopicAppearOnlyAfterItsMissingAnswerAgesOut(KafkaCluster kafka) throws Exception {
        String topic = kafka.uniquePrefix("checks") + ".steps.gpu";
        AtomicLong clock = new AtomicLong(1_000_000);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            AdminTopicChecks checks = new AdminTopicChecks(admin, 10_000, TRUSTED_MS, MISSING_MS, clock::get);

            // Given a topic that does not exist: it is reported missing, with the reason
            assertThat(checks.check(topic))
                    .isEqualTo(TopicChecks.Verdict.unusable("topic '" + topic + "' does not exist"));

            // When it is created, the cached answer stands until it ages out
            kafka.createTopics(1, topic);
            assertThat(checks.check(topic).usable()).isFalse();
            clock.addAndGet(MISSING_MS);

            // Then the cluster is asked again
            assertThat(checks.check(topic)).isEqualTo(TopicChecks.Verdict.USABLE);
        }
    }

    @Test
    void shouldKeepAnsweringFromATrustedTopicWhileItIsAskedAboutAgain(KafkaCluster kafka) throws Exception {
        String topic = kafka.uniquePrefix("refresh") + ".steps.gpu";
        kafka.createTopics(1, topic);
        AtomicLong clock = new AtomicLong(1_000_000);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            AdminTopicChecks checks = new AdminTopicChecks(admin, 10_000, TRUSTED_MS, MISSING_MS, clock::get);
            assertThat(checks.check(topic)).isEqualTo(TopicChecks.Verdict.USABLE);

            // Given the topic is deleted and its answer has aged out
            admin.deleteTopics(List.of(topic)).all().get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(topic));
            clock.addAndGet(TRUSTED_MS);

            // When it is checked: the old answer stands while the cluster is asked again (no caller waits twice for a
            // topic in use), and the new answer replaces it when it comes
            checks.check(topic);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !checks.check(topic).usable());
            assertThat(checks.check(topic).reason()).isEqualTo("topic '" + topic + "' does not exist");
        }
    }

    @Test
    void shouldTreatATopicASendFailedOnAsMissing(KafkaCluster kafka) throws Exception {
        String topic = kafka.uniquePrefix("failed") + ".steps.gpu";
        kafka.createTopics(1, topic);
        AtomicLong clock = new AtomicLong(1_000_000);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            AdminTopicChecks checks = new AdminTopicChecks(admin, 10_000, TRUSTED_MS, MISSING_MS, clock::get);
            assertThat(checks.check(topic).usable()).isTrue();

            checks.failed(topic, "the copy timed out");

            assertThat(checks.check(topic)).isEqualTo(TopicChecks.Verdict.unusable("the copy timed out"));
            clock.addAndGet(MISSING_MS);
            assertThat(checks.check(topic).usable()).isTrue();
        }
    }
}
