package io.planexec.client;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanResult;
import io.planexec.model.ToolSpec;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java client for agents: publishes requests to {@code planexec.requests} and completes a future with each plan's
 * result, read from a reply topic of this client's own (created at start-up, one partition, deleted on close unless
 * given). Thread-safe.
 *
 * <pre>{@code
 * try (PlanexecClient client = PlanexecClient.builder().bootstrapServers("localhost:9092").build()) {
 *     PlanResult result = client.submit(Requests.openAi("p-1")
 *                     .call("call_1", "get_weather", Map.of("city", "SF"))
 *                     .build())
 *             .get();
 *     result.messages(); // tool messages to append to the conversation
 * }
 * }</pre>
 *
 * A plan id is submitted at most once per client while its result is pending; submitting it again returns the same
 * future. The planner never runs a plan id twice and answers a resubmission with the finished result.
 */
public final class PlanexecClient implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanexecClient.class);

    private final Topics topics;
    private final String replyTopic;
    private final boolean ownsReplyTopic;
    private final Duration defaultTimeout;
    private final Map<String, Object> kafkaProperties;
    private final WireFormat wire = new WireFormat();
    private final KafkaProducer<String, byte[]> producer;
    private final TopicTail replies;
    private final Map<String, CompletableFuture<PlanResult>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<PlanEvent>>> eventListeners = new ConcurrentHashMap<>();
    private TopicTail events;
    private volatile boolean closed;

    private PlanexecClient(Builder b) throws InterruptedException {
        this.topics = b.topics;
        this.defaultTimeout = b.defaultTimeout;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.ownsReplyTopic = b.replyTopic == null;
        this.replyTopic = ownsReplyTopic ? topics.prefix() + ".replies." + b.clientId : b.replyTopic;
        if (ownsReplyTopic) {
            createReplyTopic(b);
        }
        Map<String, Object> producerProps = new HashMap<>(kafkaProperties);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.replies =
                new TopicTail(replyTopic, kafkaProperties, "planexec-client-replies-" + b.clientId, this::onReply);
        try {
            replies.start(b.startTimeout);
        } catch (RuntimeException | InterruptedException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        LOGGER.debug("client={} reply_topic={} ready", b.clientId, replyTopic);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The topic this client reads results from (the {@code reply_to} of its requests). */
    public String replyTopic() {
        return replyTopic;
    }

    /** Submits a request and waits for its result at most the default timeout (or the request's deadline plus 10 s). */
    public CompletableFuture<PlanResult> submit(AgentRequest request) {
        Duration timeout = request.options().deadlineMs() != null
                ? Duration.ofMillis(request.options().deadlineMs()).plusSeconds(10)
                : defaultTimeout;
        return submit(request, timeout);
    }

    /**
     * Submits a request; the future completes with its PlanResult, or with a {@link TimeoutException} after {@code
     * timeout} (the plan itself goes on: its result can still be awaited by resubmitting the same plan id).
     *
     * @throws IllegalArgumentException if the request names another {@code reply_to} than this client's
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<PlanResult> submit(AgentRequest request, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        if (request.replyTo() != null && !request.replyTo().equals(replyTopic)) {
            throw new IllegalArgumentException("request '" + request.planId() + "' has reply_to '" + request.replyTo()
                    + "', but this client reads results from '" + replyTopic + "': leave reply_to unset");
        }
        CompletableFuture<PlanResult> fresh = new CompletableFuture<>();
        CompletableFuture<PlanResult> existing = pending.putIfAbsent(request.planId(), fresh);
        if (existing != null) {
            return existing;
        }
        AgentRequest addressed =
                new AgentRequest(request.planId(), replyTopic, request.dialect(), request.steps(), request.options());
        byte[] bytes = wire.writeRequest(addressed);
        producer.send(new ProducerRecord<>(topics.requests(), request.planId(), bytes), (metadata, error) -> {
            if (error != null) {
                pending.remove(request.planId(), fresh);
                fresh.completeExceptionally(error);
            }
        });
        fresh.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(request.planId(), fresh));
        return fresh;
    }

    /** Submits and waits: the result, or an exception saying why there is none. */
    public PlanResult run(AgentRequest request) throws InterruptedException, ExecutionException {
        return submit(request).get();
    }

    /** Asks the planner to cancel a plan; its result (status CANCELLED) completes the pending future. */
    public void cancel(String planId, String reason) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(
                            topics.requests(), planId, wire.writeRequest(new CancelRequest(planId, reason))))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the cancel request for '" + planId + "': " + e, e);
        }
    }

    /**
     * Calls {@code listener} with every event of a plan from now on (start before submitting to see the whole run).
     * Events arrive on the client's event thread, in order per plan.
     *
     * @return closing it stops the calls
     */
    public synchronized AutoCloseable onEvents(String planId, Consumer<PlanEvent> listener)
            throws InterruptedException {
        if (events == null) {
            events = new TopicTail(topics.events(), kafkaProperties, "planexec-client-events", this::onEvent);
            events.start(Duration.ofSeconds(30));
        }
        eventListeners
                .computeIfAbsent(planId, id -> new CopyOnWriteArrayList<>())
                .add(listener);
        return () -> eventListeners.computeIfPresent(planId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** The tools registered now (what the planner plans against), sorted by name: the tools to offer an LLM. */
    public List<ToolSpec> tools() {
        return RegisteredTools.read(kafkaProperties, topics, Duration.ofSeconds(30));
    }

    private void onReply(String key, byte[] value) {
        PlanResult result;
        try {
            result = wire.readPlanResult(value);
        } catch (WireFormatException e) {
            LOGGER.warn("reply_topic={} key={} unreadable plan result skipped: {}", replyTopic, key, e.getMessage());
            return;
        }
        CompletableFuture<PlanResult> future = pending.remove(result.planId());
        if (future != null) {
            future.complete(result);
        } else {
            LOGGER.debug("reply_topic={} plan={} result without a pending request", replyTopic, result.planId());
        }
    }

    private void onEvent(String key, byte[] value) {
        if (key == null || !eventListeners.containsKey(key)) {
            return;
        }
        PlanEvent event = wire.readPlanEvent(value);
        for (Consumer<PlanEvent> listener : eventListeners.getOrDefault(key, List.of())) {
            listener.accept(event);
        }
    }

    private void createReplyTopic(Builder b) {
        Admin admin = Admin.create(kafkaProperties);
        // A failed call leaves requests pending, and a plain close() would wait for them up to the API timeout.
        Duration closeTimeout = Duration.ZERO;
        try {
            NewTopic topic = new NewTopic(replyTopic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(b.replyRetention.toMillis())));
            // Returns once the topic's leader serves it: the planner's first answer is not refused.
            new TopicProvisioner(admin, b.startTimeout).createMissing(List.of(topic));
            closeTimeout = Duration.ofSeconds(5);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot create the reply topic at " + kafkaProperties.get("bootstrap.servers") + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating reply topic '" + replyTopic + "'", e);
        } finally {
            admin.close(closeTimeout);
        }
    }

    /** Stops reading, fails pending futures with a CancellationException-like error, and deletes its reply topic. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        replies.close();
        synchronized (this) {
            if (events != null) {
                events.close();
            }
        }
        producer.close(Duration.ofSeconds(5));
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("client closed")));
        pending.clear();
        if (ownsReplyTopic) {
            try (Admin admin = Admin.create(kafkaProperties)) {
                admin.deleteTopics(List.of(replyTopic)).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOGGER.warn("reply_topic={} could not be deleted: {}", replyTopic, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a client. */
    public static final class Builder {
        private final Map<String, Object> kafkaProperties = new HashMap<>();
        private Topics topics = Topics.DEFAULT;
        private String clientId =
                "planexec-client-" + UUID.randomUUID().toString().substring(0, 8);
        private String replyTopic;
        private Duration defaultTimeout = Duration.ofMinutes(2);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration replyRetention = Duration.ofHours(1);

        private Builder() {}

        /** The cluster's bootstrap servers (required). */
        public Builder bootstrapServers(String bootstrapServers) {
            kafkaProperties.put("bootstrap.servers", bootstrapServers);
            return this;
        }

        /** Any Kafka client setting, e.g. {@code security.protocol} or SASL settings; applies to every client. */
        public Builder kafkaProperty(String key, Object value) {
            kafkaProperties.put(key, value);
            return this;
        }

        /** The topic prefix, when not {@code planexec}. */
        public Builder topicPrefix(String prefix) {
            this.topics = new Topics(prefix);
            return this;
        }

        /** This client's id: names its reply topic ({@code <prefix>.replies.<id>}) and its Kafka clients. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Reads results from an existing topic (e.g. {@code planexec.plan-results}) instead of creating one; results
         * of other clients on it are ignored.
         */
        public Builder replyTopic(String replyTopic) {
            this.replyTopic = replyTopic;
            return this;
        }

        /** How long {@link #submit(AgentRequest)} waits when the request sets no deadline (default 2 minutes). */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = timeout;
            return this;
        }

        /** How long to wait for the cluster at start-up (default 30 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Retention of the reply topic the client creates (default 1 hour). */
        public Builder replyRetention(Duration retention) {
            this.replyRetention = retention;
            return this;
        }

        /**
         * Connects: creates the reply topic if needed and starts reading it.
         *
         * @throws IllegalStateException saying what failed (unreachable cluster, topic creation)
         */
        public PlanexecClient build() throws InterruptedException {
            if (!kafkaProperties.containsKey("bootstrap.servers")) {
                throw new IllegalStateException("bootstrapServers must be set");
            }
            return new PlanexecClient(this);
        }
    }
}
