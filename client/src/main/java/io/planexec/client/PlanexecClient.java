package io.planexec.client;

import io.planexec.config.Durations;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanResult;
import io.planexec.model.ToolSpec;
import io.planexec.model.TraceContext;
import io.planexec.topics.Topics;
import io.planexec.topics.TraceHeaders;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java client for agents: publishes requests to {@code planexec.requests} and completes a future with each plan's
 * result. Results are read from the shared results topic {@code planexec.plan-results} (or a reply topic of the
 * agent's, {@link Builder#replyTopic}), only from the partitions the awaited plan ids hash to, assigned without a
 * consumer group: the client needs no topic of its own and no right to create or delete topics. Thread-safe.
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
    private final boolean customReplyTopic;
    private final Duration defaultTimeout;
    private final Duration startTimeout;
    private final Map<String, Object> kafkaProperties;
    private final WireFormat wire = new WireFormat();
    private final KafkaProducer<String, byte[]> producer;
    private final ReplyReader replies;
    private final Map<String, CompletableFuture<PlanResult>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<PlanEvent>>> eventListeners = new ConcurrentHashMap<>();
    private TopicTail events;
    private volatile boolean closed;

    private PlanexecClient(Builder b) throws InterruptedException {
        this.topics = b.topics;
        this.defaultTimeout = b.defaultTimeout;
        this.startTimeout = b.startTimeout;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.customReplyTopic = b.replyTopic != null && !b.replyTopic.equals(topics.planResults());
        this.replyTopic = customReplyTopic ? b.replyTopic : topics.planResults();
        Map<String, Object> producerProps = new HashMap<>(kafkaProperties);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight per connection: the requests topic may have been created a moment ago, and an
        // idempotent producer with several in flight can lose records to a partition whose leader is not serving it
        // yet (KAFKA-15591, fixed in Kafka 4.5).
        producerProps.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafkaProperties);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, b.clientId + "-replies");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.replies = new ReplyReader(
                replyTopic,
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer()),
                this::onReply,
                b.maxResultBytes,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                System::currentTimeMillis,
                "planexec-client-replies-" + b.clientId);
        try {
            replies.start(b.startTimeout);
        } catch (IllegalStateException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException(
                    "cannot read results from '" + replyTopic + "' at " + kafkaProperties.get("bootstrap.servers")
                            + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException | InterruptedException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        LOGGER.debug("client={} reply_topic={} ready", b.clientId, replyTopic);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The topic this client reads results from ({@code <prefix>.plan-results}, or the reply topic it was given). */
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
        return submit(request, timeout, null);
    }

    /**
     * Submits a request in a trace: the request's record carries {@code trace} ({@code traceparent}, {@code
     * tracestate} headers), and so does every record of its plan; its tools see it in their {@code ToolContext}. Take
     * it from the agent's current span (with OpenTelemetry: its W3C propagator's {@code traceparent}). {@code null}:
     * the planner starts a trace for the plan.
     */
    public CompletableFuture<PlanResult> submit(AgentRequest request, Duration timeout, TraceContext trace) {
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
        // the caller holds fresh; this stage only cleans up when it completes, however it does
        CompletableFuture<PlanResult> unusedCleanup = fresh.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    pending.remove(request.planId(), fresh);
                    replies.unwatch(request.planId());
                });
        try {
            // The result's partition is read from before the request is sent, so the result cannot be missed.
            replies.watch(request.planId(), startTimeout);
        } catch (TimeoutException e) {
            fresh.completeExceptionally(new IllegalStateException("could not start reading the results of plan '"
                    + request.planId() + "' from '" + replyTopic + "' within " + Durations.human(startTimeout)));
            return fresh;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fresh.completeExceptionally(e);
            return fresh;
        } catch (RuntimeException e) {
            fresh.completeExceptionally(e);
            return fresh;
        }
        AgentRequest addressed = new AgentRequest(
                request.planId(),
                customReplyTopic ? replyTopic : null,
                request.dialect(),
                request.steps(),
                request.options());
        byte[] bytes = wire.writeRequest(addressed);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.requests(), request.planId(), bytes);
        if (trace != null) {
            TraceHeaders.write(record.headers(), trace);
        }
        // a failed send fails the plan's future, through the callback
        Future<RecordMetadata> unusedSend = producer.send(record, (metadata, error) -> {
            if (error != null) {
                fresh.completeExceptionally(error);
            }
        });
        return fresh;
    }

    /** The partitions of the reply topic read now (for tests). */
    Set<Integer> replyPartitionsRead() {
        return replies.partitionsRead();
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

    private void onReply(String planId, byte[] value) {
        PlanResult result;
        try {
            result = wire.readPlanResult(value);
        } catch (WireFormatException e) {
            LOGGER.warn(
                    "reply_topic={} plan={} unreadable plan result skipped: {}", replyTopic, planId, e.getMessage());
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

    /** Stops reading and fails pending futures with an {@link IllegalStateException}. Nothing is deleted. */
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
        private long maxResultBytes = 64L * 1024 * 1024;

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

        /** This client's id: names its Kafka clients ({@code client.id}) and its threads. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Reads results from this existing topic, which the requests name as their {@code reply_to}, instead of the
         * results topic: for an agent that has a topic of its own (an operator creates it; the planner's reply
         * forwarder copies results there). Results of other plans on it are ignored.
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

        /** The largest result put together from parts (default 64 MiB); a larger one is skipped with a warning. */
        public Builder maxResultBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResultBytes must be at least 1024, got " + bytes);
            }
            this.maxResultBytes = bytes;
            return this;
        }

        /**
         * Connects: finds the results topic's partitions.
         *
         * @throws IllegalStateException saying what failed (unreachable cluster, missing topic)
         */
        public PlanexecClient build() throws InterruptedException {
            if (!kafkaProperties.containsKey("bootstrap.servers")) {
                throw new IllegalStateException("bootstrapServers must be set");
            }
            return new PlanexecClient(this);
        }
    }
}
