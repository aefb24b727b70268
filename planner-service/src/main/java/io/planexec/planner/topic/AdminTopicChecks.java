package io.planexec.planner.topic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether topics exist by asking the cluster (Admin {@code describeTopics}). Answers are cached: existing
 * topics longer than missing ones; a topic a send failed on counts as missing. When an existing topic's answer has
 * aged out, it is asked about again in the background and the old answer stands until the new one comes, so a topic
 * in use never makes a caller wait twice. Thread-safe.
 */
public final class AdminTopicChecks implements TopicChecks {

    private static final Logger LOGGER = LoggerFactory.getLogger(AdminTopicChecks.class);

    /**
     * One question to the cluster.
     *
     * @param verdict its answer, when it comes
     * @param startedAtMs when it was asked
     * @param previous the usable answer it refreshes, which stands meanwhile; {@code null} if none
     */
    private record Lookup(CompletableFuture<Verdict> verdict, long startedAtMs, Verdict previous) {}

    private final Admin admin;
    private final long waitMs;
    private final long usableTtlMs;
    private final long missingTtlMs;
    private final LongSupplier clock;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    /**
     * @param waitMs how long {@link #check} waits for an answer
     * @param usableTtlMs how long an existing topic is trusted
     * @param missingTtlMs how long a missing topic stays missing
     * @param clock milliseconds, for the cache
     */
    public AdminTopicChecks(Admin admin, long waitMs, long usableTtlMs, long missingTtlMs, LongSupplier clock) {
        this.admin = admin;
        this.waitMs = waitMs;
        this.usableTtlMs = usableTtlMs;
        this.missingTtlMs = missingTtlMs;
        this.clock = clock;
    }

    @Override
    public void prefetch(String topic) {
        lookup(topic);
    }

    @Override
    public Verdict check(String topic) {
        Lookup lookup = lookup(topic);
        if (lookup.previous() != null && !lookup.verdict().isDone()) {
            return lookup.previous();
        }
        try {
            return lookup.verdict().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookups.remove(topic, lookup);
            return Verdict.unusable("the cluster did not say within " + waitMs + " ms whether it exists");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.unusable("interrupted while checking whether it exists");
        } catch (ExecutionException e) {
            return Verdict.unusable("cannot check whether it exists: " + e.getCause());
        }
    }

    @Override
    public void failed(String topic, String reason) {
        lookups.put(
                topic,
                new Lookup(CompletableFuture.completedFuture(Verdict.unusable(reason)), clock.getAsLong(), null));
    }

    private Lookup lookup(String topic) {
        long now = clock.getAsLong();
        return lookups.compute(topic, (t, old) -> {
            if (old == null) {
                return start(t, now, null);
            }
            if (!expired(old, now)) {
                return old;
            }
            Verdict was = old.verdict().getNow(null);
            return start(t, now, was != null && was.usable() ? was : null);
        });
    }

    private boolean expired(Lookup lookup, long now) {
        CompletableFuture<Verdict> f = lookup.verdict();
        if (!f.isDone()) {
            return false;
        }
        Verdict v = f.getNow(null);
        long ttl = v != null && v.usable() ? usableTtlMs : missingTtlMs;
        return now - lookup.startedAtMs() >= ttl;
    }

    private Lookup start(String topic, long now, Verdict previous) {
        CompletableFuture<Verdict> verdict = admin.describeTopics(List.of(topic))
                .topicNameValues()
                .get(topic)
                .toCompletionStage()
                .toCompletableFuture()
                .handle((description, error) -> {
                    if (error == null) {
                        return Verdict.USABLE;
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    Verdict v;
                    if (cause instanceof UnknownTopicOrPartitionException) {
                        v = Verdict.unusable("topic '" + topic + "' does not exist");
                    } else if (cause instanceof TopicAuthorizationException) {
                        v = Verdict.unusable("the planner is not authorized to describe topic '" + topic + "'");
                    } else {
                        v = Verdict.unusable("cannot describe topic '" + topic + "': " + cause);
                    }
                    LOGGER.info("topic_unusable topic={} reason=\"{}\"", topic, v.reason());
                    return v;
                });
        return new Lookup(verdict, now, previous);
    }
}
