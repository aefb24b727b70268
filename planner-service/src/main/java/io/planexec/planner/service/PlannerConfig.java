package io.planexec.planner.service;

import io.planexec.config.CommonSettings;
import io.planexec.config.UnknownSettings;
import io.planexec.planner.run.EngineSettings;
import io.planexec.planner.topology.EagerCommits;
import io.planexec.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The planner's typed configuration: the shared settings ({@link CommonSettings}), the {@code planner.*} settings
 * below, {@code kafka.*} settings passed to every Kafka client, and {@code streams.*} settings passed to Kafka Streams
 * as they are (they win over everything the planner sets). Filled from a properties file, {@code PLANEXEC_*}
 * environment variables and overrides ({@link io.planexec.config.ConfigSources}).
 */
public final class PlannerConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "planner.application.id";
    public static final String INSTANCE_ID = "planner.instance.id";
    public static final String LEAVE_GROUP_ON_CLOSE = "planner.leave.group.on.close";
    public static final String STATE_DIR = "planner.state.dir";
    public static final String STATE_CACHE_BYTES = "planner.state.cache.bytes";
    public static final String PROCESSING_GUARANTEE = "planner.processing.guarantee";
    public static final String COMMIT_INTERVAL_MS = "planner.commit.interval.ms";
    public static final String POLL_MS = "planner.poll.ms";
    public static final String EAGER_COMMIT_MAX_AGE_MS = "planner.eager.commit.max.age.ms";
    public static final String EAGER_COMMIT_QUIET_RECORDS = "planner.eager.commit.quiet.records";
    public static final String PRODUCER_LINGER_MS = "planner.producer.linger.ms";
    public static final String PRODUCER_RETRY_BACKOFF_MS = "planner.producer.retry.backoff.ms";
    public static final String THREADS = "planner.threads";
    public static final String DEFAULT_DEADLINE_MS = "planner.default.deadline.ms";
    public static final String MAX_DEADLINE_MS = "planner.max.deadline.ms";
    public static final String UNKNOWN_GRACE_MS = "planner.unknown.grace.ms";
    public static final String RETENTION_MS = "planner.retention.ms";
    public static final String UNSERVED_TIMEOUT_MS = "planner.unserved.timeout.ms";
    public static final String CLOCK_INTERVAL_MS = "planner.clock.interval.ms";
    public static final String MAX_MESSAGE_BYTES = "planner.max.message.bytes";
    public static final String MAX_RESULT_BYTES = "planner.max.result.bytes";
    public static final String DEFINITION_CACHE_STEPS = "planner.definition.cache.steps";
    public static final String REPLY_CHECK_TIMEOUT_MS = "planner.reply.topic.check.timeout.ms";
    public static final String REPLY_CACHE_MS = "planner.reply.topic.cache.ms";
    public static final String REPLY_MISSING_CACHE_MS = "planner.reply.topic.missing.cache.ms";
    public static final String REPLY_SEND_TIMEOUT_MS = "planner.reply.send.timeout.ms";
    public static final String ADMIN_TIMEOUT_MS = "planner.admin.timeout.ms";

    /** Settings under this prefix go, without it, to Kafka Streams, after everything else. */
    public static final String STREAMS_PREFIX = "streams.";

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    /** Every setting, with its default and documentation (the table in {@code docs/operations.md}). */
    public static final ConfigDef DEFINITION = definition();

    private final String randomInstance = UUID.randomUUID().toString().substring(0, 8);

    public PlannerConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        UnknownSettings.requireKnown(DEFINITION, settings, List.of("planner.", "topic.", "http."));
        if (getInt(MAX_RESULT_BYTES) < getInt(MAX_MESSAGE_BYTES)) {
            throw new ConfigException(
                    MAX_RESULT_BYTES,
                    getInt(MAX_RESULT_BYTES),
                    "must be at least " + MAX_MESSAGE_BYTES + " (" + getInt(MAX_MESSAGE_BYTES)
                            + "): a result is sent in parts of that size");
        }
    }

    private static ConfigDef definition() {
        ConfigDef def = CommonSettings.define(new ConfigDef());
        return def.define(
                        APPLICATION_ID,
                        ConfigDef.Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "The Kafka Streams application id: the consumer group and the prefix of the planner's"
                                + " internal topics. Empty means <topic.prefix>-planner. Every planner instance of one"
                                + " deployment uses the same id.")
                .define(
                        INSTANCE_ID,
                        ConfigDef.Type.STRING,
                        "",
                        Importance.LOW,
                        "A stable name for this planner instance (static group membership): a restarted instance"
                                + " with the same name takes its partitions back at once instead of waiting for the"
                                + " group to notice the old one is gone. Unique per instance; empty means dynamic"
                                + " membership.")
                .define(
                        LEAVE_GROUP_ON_CLOSE,
                        ConfigDef.Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether a planner that shuts down leaves its consumer groups, so that the other instances"
                                + " take its partitions at once. With planner.instance.id (static membership) a member"
                                + " that does not leave keeps its partitions, idle, until the group's session timeout"
                                + " (45 s by default) expires: measured, 45 s without a plan finishing on the"
                                + " partitions of a planner scaled down. false suits restarts that come back within"
                                + " the session (no rebalance), at the price of that wait when one does not.")
                .define(
                        STATE_DIR,
                        ConfigDef.Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Where the planner keeps its local state stores (RocksDB). Empty means"
                                + " <java.io.tmpdir>/planexec-planner. Keep it across restarts of an instance: it"
                                + " makes restarts fast and lets a restarted instance fence its predecessor at once.")
                .define(
                        STATE_CACHE_BYTES,
                        ConfigDef.Type.LONG,
                        64L * 1024 * 1024,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "The RocksDB block cache that all the planner's state stores in one process share: their"
                                + " data, index and filter blocks. 0 leaves each store instance Kafka Streams'"
                                + " default, its own 50 MB cache with index and filter blocks outside it (one plan-state"
                                + " store per partition: no bound in total). Memtables are per store either way (Kafka"
                                + " Streams' up to three of 16 MB, flushed at checkpoints). A"
                                + " streams.rocksdb.config.setter replaces this.")
                .define(
                        PROCESSING_GUARANTEE,
                        ConfigDef.Type.STRING,
                        EXACTLY_ONCE_V2,
                        ConfigDef.ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE),
                        Importance.MEDIUM,
                        "exactly_once_v2 (every plan ends with exactly one result and no step task is published"
                                + " twice, even when the planner dies at any moment) or at_least_once (slightly"
                                + " faster, but a crash can publish a task or a result twice).")
                .define(
                        COMMIT_INTERVAL_MS,
                        ConfigDef.Type.LONG,
                        20L,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "How often the planner commits when it is busy. Under exactly_once_v2 its output becomes"
                                + " visible only at a commit, and every commit is a transaction: a longer interval"
                                + " batches more records per transaction (throughput), a shorter one shortens passes"
                                + " of a busy planner. At light load passes commit at once (see"
                                + " planner.eager.commit.max.age.ms and planner.eager.commit.quiet.records, whose"
                                + " window this is). Under exactly_once_v2 it is also the producer's linger (see"
                                + " planner.producer.linger.ms). The default is measured in docs/architecture.md.")
                .define(
                        POLL_MS,
                        ConfigDef.Type.LONG,
                        20L,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "How long the planner's stream thread waits for input before it loops (new input wakes it"
                                + " at once). It bounds how long a commit that was not made early can wait, and sets"
                                + " the idle CPU: 1 ms costs about 8% of a core, 20 ms about 1.5%.")
                .define(
                        EAGER_COMMIT_MAX_AGE_MS,
                        ConfigDef.Type.LONG,
                        10L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "A record that releases a step or finishes a plan, and is at most this old (by its"
                                + " timestamp), is committed as soon as it is processed: at light load a pass then"
                                + " costs one transaction and no waiting. Older records mean the planner is behind:"
                                + " they wait for planner.commit.interval.ms, so commits are batched and it catches"
                                + " up (unless the planner is quiet: planner.eager.commit.quiet.records). 0 turns this"
                                + " rule off. Assumes producer clocks within a few ms of the planner's (a clock far"
                                + " behind only loses the early commit).")
                .define(
                        EAGER_COMMIT_QUIET_RECORDS,
                        ConfigDef.Type.INT,
                        4,
                        Range.atLeast(0),
                        Importance.LOW,
                        "A record that releases a step or finishes a plan is also committed as soon as it is"
                                + " processed, whatever its age, when its stream thread processed at most this many"
                                + " records (this one included) in the current and the previous planner.commit.interval.ms: a quiet"
                                + " planner never makes a pass wait for the commit interval, e.g. for a step result"
                                + " that an executor's slow transaction made old. A busy planner processes far more."
                                + " 0 turns this rule off.")
                .define(
                        PRODUCER_LINGER_MS,
                        ConfigDef.Type.INT,
                        -1,
                        Range.atLeast(-1),
                        Importance.LOW,
                        "The producer's linger.ms. -1 chooses by the guarantee: under exactly_once_v2 the"
                                + " commit interval, as output becomes visible only at a commit, which sends"
                                + " everything held at once: the records of a pass travel in one request instead of"
                                + " one each, which shortens the commit and saves the broker's CPU (measured in"
                                + " docs/benchmarks.md); under at_least_once 0, as records are visible once written"
                                + " (Kafka Streams' own default of 100 ms would then add 100 ms to every pass).")
                .define(
                        PRODUCER_RETRY_BACKOFF_MS,
                        ConfigDef.Type.LONG,
                        5L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "The producer's first retry back-off (it doubles up to retry.backoff.max.ms). A transaction"
                                + " that starts while the previous one is still being completed is retried after this"
                                + " long; the client default of 100 ms would add 100 ms to such a pass.")
                .define(
                        THREADS,
                        ConfigDef.Type.INT,
                        1,
                        Range.between(1, 64),
                        Importance.LOW,
                        "Stream threads per planner instance. One thread handles tens of thousands of records per"
                                + " second; add instances (up to the partitions of the requests topic) before"
                                + " threads.")
                .define(
                        DEFAULT_DEADLINE_MS,
                        ConfigDef.Type.LONG,
                        300_000L,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "The deadline of a plan whose request sets no options.deadline_ms: it ends TIMED_OUT this"
                                + " long after acceptance.")
                .define(
                        MAX_DEADLINE_MS,
                        ConfigDef.Type.LONG,
                        86_400_000L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "The longest deadline a request may ask for; longer ones are cut to this.")
                .define(
                        UNKNOWN_GRACE_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "How long the planner waits, beyond a non-idempotent step's timeout, for the result of a"
                                + " call whose STARTED notice it has seen, before ending the step UNKNOWN if the"
                                + " executor process that started it is gone (stopped, restarted, or silent for three"
                                + " heartbeat intervals); while it still runs, the check repeats after this long.")
                .define(
                        UNSERVED_TIMEOUT_MS,
                        ConfigDef.Type.LONG,
                        120_000L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "How long a step released while no executor of its tool is running (none seen in"
                                + " <prefix>.executors within 3 heartbeats) may wait to start: its task carries this"
                                + " start-by time, executors do not start it later, and if no executor of the tool"
                                + " is seen by then the step fails saying so, instead of waiting until the plan's"
                                + " deadline. Leave time for executors to scale up from zero. 0: such steps wait"
                                + " until the deadline.")
                .define(
                        RETENTION_MS,
                        ConfigDef.Type.LONG,
                        3_600_000L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "How long a finished plan's result is kept: a request with the same plan id gets it again"
                                + " within this time, and starts a new plan after it.")
                .define(
                        CLOCK_INTERVAL_MS,
                        ConfigDef.Type.LONG,
                        100L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "The shortest time between two runs of the plan clock (deadlines, outcome checks,"
                                + " retention): the precision of deadlines. The clock runs only when a timer is due,"
                                + " so an idle planner does no work and commits nothing.")
                .define(
                        MAX_MESSAGE_BYTES,
                        ConfigDef.Type.INT,
                        1_000_000,
                        Range.atLeast(1024),
                        Importance.LOW,
                        "The largest record the planner publishes: a step task, or a plan result or one part of it."
                                + " A task over it fails its step; a larger result is sent in parts of this size"
                                + " (docs/protocol.md, result records). Keep it below the broker's message.max.bytes"
                                + " and the producer's max.request.size.")
                .define(
                        MAX_RESULT_BYTES,
                        ConfigDef.Type.INT,
                        16 * 1024 * 1024,
                        Range.between(1024, 256 * 1024 * 1024),
                        Importance.LOW,
                        "The largest plan result, in bytes of JSON, sent in parts of planner.max.message.bytes. A"
                                + " larger result is shrunk, saying so in it: first the per-step outputs that the"
                                + " tool messages already carry, then long texts cut with a note. At least"
                                + " planner.max.message.bytes; agents must accept results this large (the Java"
                                + " client takes up to 64 MiB).")
                .define(
                        DEFINITION_CACHE_STEPS,
                        ConfigDef.Type.LONG,
                        50_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "How many steps of parsed plan definitions each planner instance keeps in memory (a few"
                                + " hundred bytes each): enough for the running plans, whose definitions are then"
                                + " parsed once. A miss only costs parsing the stored definition again.")
                .define(
                        REPLY_CHECK_TIMEOUT_MS,
                        ConfigDef.Type.LONG,
                        2_000L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "How long the reply forwarder waits for the cluster to say whether a reply_to topic exists"
                                + " before it copies a result there. Without an answer the copy is not made: the"
                                + " result stays on <prefix>.plan-results, and a REPLY_UNDELIVERED event says why.")
                .define(
                        REPLY_CACHE_MS,
                        ConfigDef.Type.LONG,
                        60_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "How long a reply topic found to exist is trusted without asking again. A topic deleted"
                                + " within this time fails one copy transaction, which is then made again without"
                                + " it.")
                .define(
                        REPLY_MISSING_CACHE_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "How long a reply topic found missing (or one a copy failed on) is considered unusable"
                                + " without asking again.")
                .define(
                        REPLY_SEND_TIMEOUT_MS,
                        ConfigDef.Type.LONG,
                        5_000L,
                        Range.between(1_000L, 120_000L),
                        Importance.LOW,
                        "The longest the reply forwarder waits for one copy to be written (its producer's"
                                + " max.block.ms and delivery.timeout.ms): what a reply topic deleted a moment"
                                + " before can delay other copies, once. The planner's own output never waits for"
                                + " a reply topic.")
                .define(
                        ADMIN_TIMEOUT_MS,
                        ConfigDef.Type.LONG,
                        30_000L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "How long start-up waits for the cluster when it creates and checks topics.");
    }

    public Topics topics() {
        return CommonSettings.topics(this);
    }

    public String applicationId() {
        String id = getString(APPLICATION_ID);
        return id.isEmpty() ? getString(CommonSettings.TOPIC_PREFIX) + "-planner" : id;
    }

    public Path stateDir() {
        String dir = getString(STATE_DIR);
        return dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "planexec-planner") : Path.of(dir);
    }

    public EngineSettings engineSettings() {
        return new EngineSettings(
                getLong(DEFAULT_DEADLINE_MS),
                getLong(MAX_DEADLINE_MS),
                getLong(UNKNOWN_GRACE_MS),
                getLong(RETENTION_MS),
                getInt(MAX_MESSAGE_BYTES),
                getInt(MAX_RESULT_BYTES),
                EngineSettings.DEFAULTS.timerBatch(),
                getLong(UNSERVED_TIMEOUT_MS));
    }

    /** The planner producer's linger: as set, or chosen by the processing guarantee ({@code -1}). */
    private int producerLingerMs() {
        int linger = getInt(PRODUCER_LINGER_MS);
        if (linger >= 0) {
            return linger;
        }
        return EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE))
                ? (int) Math.min(Integer.MAX_VALUE, getLong(COMMIT_INTERVAL_MS))
                : 0;
    }

    /** When a processed record is committed at once (the two early-commit rules). */
    public EagerCommits eagerCommits() {
        return new EagerCommits(
                getLong(EAGER_COMMIT_MAX_AGE_MS), getInt(EAGER_COMMIT_QUIET_RECORDS), getLong(COMMIT_INTERVAL_MS));
    }

    /** Whether a planner that shuts down leaves its consumer groups (see {@link #LEAVE_GROUP_ON_CLOSE}). */
    public boolean leaveGroupOnClose() {
        return getBoolean(LEAVE_GROUP_ON_CLOSE);
    }

    public Duration clockInterval() {
        return Duration.ofMillis(getLong(CLOCK_INTERVAL_MS));
    }

    public Duration adminTimeout() {
        return Duration.ofMillis(getLong(ADMIN_TIMEOUT_MS));
    }

    /** Settings for the planner's own Kafka clients (its admin client): bootstrap and the {@code kafka.*} settings. */
    public Map<String, Object> clientProperties() {
        return CommonSettings.kafkaClientProperties(this);
    }

    /** The consumer group of the reply forwarder: its instances share the partitions of the results topic. */
    public String replyForwarderGroup() {
        return applicationId() + "-replies";
    }

    /**
     * The reply forwarder's consumer of the results topic: its group, read_committed (only results of committed
     * planner transactions are copied), offsets committed by the forwarder.
     */
    public Map<String, Object> replyConsumerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, replyForwarderGroup());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, replyForwarderGroup() + "-" + instanceName());
        String instanceId = getString(INSTANCE_ID);
        if (!instanceId.isEmpty()) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-replies");
        }
        p.putAll(clientProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /**
     * The reply forwarder's transactional producer: its transactional id is stable per instance ({@code
     * planner.instance.id}), so a restarted instance ends its predecessor's open transaction at once; its waits are
     * bounded by {@code planner.reply.send.timeout.ms}.
     */
    public Map<String, Object> replyProducerProperties() {
        long timeout = getLong(REPLY_SEND_TIMEOUT_MS);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, replyForwarderGroup() + "-" + instanceName());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, replyForwarderGroup() + "-" + instanceName() + "-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // One request in flight: an agent's reply topic may have been created a moment ago (KAFKA-15591)
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        p.putAll(clientProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /**
     * This instance's name in client and transactional ids and in the {@code instance} tag of its meters: {@code
     * planner.instance.id}, else a random one.
     */
    public String instanceName() {
        String instanceId = getString(INSTANCE_ID);
        return instanceId.isEmpty() ? randomInstance : instanceId;
    }

    /**
     * The Kafka Streams settings: the planner's choices, then {@code kafka.*} client settings, then {@code streams.*}
     * settings, each later group winning.
     */
    public Properties streamsProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.POLL_MS_CONFIG, getLong(POLL_MS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(THREADS));
        long stateCache = getLong(STATE_CACHE_BYTES);
        if (stateCache > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SharedRocksDbCache.class);
            p.put(SharedRocksDbCache.CACHE_BYTES, stateCache);
        }
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), producerLingerMs());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), getLong(PRODUCER_RETRY_BACKOFF_MS));
        // Each task reads two co-partitioned topics; their relative order does not matter to the planner, so it never
        // waits to learn whether the other topic has older records (that wait costs a poll per pass).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) getShort(CommonSettings.TOPIC_REPLICATION_FACTOR));
        int minInSync = getInt(CommonSettings.TOPIC_MIN_INSYNC_REPLICAS);
        if (minInSync > 0) {
            p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), Integer.toString(minInSync));
        }
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        p.put(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                PlannerProductionExceptionHandler.class.getName());
        // The tool registry's processor handles unreadable specs itself; opting in now is what Kafka 5 will default to.
        p.put("processing.exception.handler.global.enabled", true);
        String instanceId = getString(INSTANCE_ID);
        if (!instanceId.isEmpty()) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        p.putAll(clientProperties());
        p.putAll(originalsWithPrefix(STREAMS_PREFIX));
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
