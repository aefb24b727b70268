package io.planexec.executor;

import io.planexec.config.CommonSettings;
import io.planexec.config.UnknownSettings;
import io.planexec.executor.offsets.OffsetMarks;
import io.planexec.executor.schedule.Backoff;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepQueues;
import io.planexec.topics.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigException;

/**
 * The executor's typed configuration: the {@code executor.*} settings below, the settings every service shares
 * ({@link CommonSettings}: {@code bootstrap.servers}, {@code topic.*}, {@code kafka.*}), and Kafka client settings
 * passed through to the step consumers ({@code consumer.*}) and the result producers ({@code producer.*}).
 */
public final class ExecutorConfig extends AbstractConfig {

    public static final String INSTANCE_ID = "executor.instance.id";
    public static final String CLASSES = "executor.classes";
    public static final String TOOLS = "executor.tools";
    public static final String QUEUE = "executor.queue";
    public static final String MAX_IN_FLIGHT = "executor.max.in.flight";
    public static final String MAX_BUFFERED = "executor.max.buffered";
    public static final String RESULT_MAX_BYTES = "executor.result.max.bytes";
    public static final String SHUTDOWN_GRACE_MS = "executor.shutdown.grace.ms";
    public static final String REVOKE_GRACE_MS = "executor.revoke.grace.ms";
    public static final String RETRY_BACKOFF_MS = "executor.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "executor.retry.backoff.max.ms";
    public static final String RETRY_JITTER = "executor.retry.jitter";
    public static final String SESSION_TIMEOUT_MS = "executor.session.timeout.ms";
    public static final String TRANSACTION_TIMEOUT_MS = "executor.transaction.timeout.ms";
    public static final String STATIC_MEMBERSHIP = "executor.static.membership";
    public static final String LEAVE_GROUP_ON_CLOSE = "executor.leave.group.on.close";
    public static final String OFFSET_METADATA_MAX_CHARS = "executor.offset.metadata.max.chars";
    public static final String POLL_MAX_MS = "executor.poll.max.ms";
    public static final String COMMIT_LINGER_MS = "executor.commit.linger.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "executor.heartbeat.interval.ms";
    public static final String STALL_CONFIRM_MS = "executor.stall.confirm.ms";

    /** Settings under this prefix go, without it, to the step consumers. */
    public static final String CONSUMER_PREFIX = "consumer.";

    /** Settings under this prefix go, without it, to the transactional result producers. */
    public static final String PRODUCER_PREFIX = "producer.";

    private static final Pattern INSTANCE_ID_PATTERN = Pattern.compile("[A-Za-z0-9._\\-]{1,100}");

    private static final ConfigDef DEFINITION = define();

    public ExecutorConfig(Map<?, ?> settings) {
        super(DEFINITION, settings);
        Map<String, Object> named = new java.util.HashMap<>();
        settings.forEach((k, v) -> named.put(String.valueOf(k), v));
        UnknownSettings.requireKnown(DEFINITION, named, List.of("executor.", "topic.", "http."));
        validate();
    }

    /** The definition: the reference table in {@code docs/operations.md} is generated from it. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef define() {
        ConfigDef def = CommonSettings.define(new ConfigDef());
        return def.define(
                        INSTANCE_ID,
                        ConfigDef.Type.STRING,
                        "",
                        Importance.HIGH,
                        "This executor process's stable identity ([A-Za-z0-9._-]): part of its transactional ids"
                                + " (<prefix>-executor-<id>-<queue>), so a restarted process fences its dead"
                                + " predecessor at once. Give each process its own id (a pod name of a StatefulSet);"
                                + " two live processes with one id fence each other. Empty: the host name.")
                .define(
                        CLASSES,
                        ConfigDef.Type.LIST,
                        "fast,medium,slow,very_slow",
                        Importance.HIGH,
                        "The latency classes whose tools are served. Without executor.queue, each is a queue"
                                + " consumed (topic <prefix>.steps.<class>, group <prefix>-executor-<class>).")
                .define(
                        TOOLS,
                        ConfigDef.Type.LIST,
                        "",
                        Importance.MEDIUM,
                        "The tools served, by name; empty: every registered tool of a served class. Executors that"
                                + " consume one queue must serve the same tools.")
                .define(
                        QUEUE,
                        ConfigDef.Type.STRING,
                        "",
                        Importance.HIGH,
                        "The task queue ([A-Za-z0-9_-]) of the served tools whose spec names none: their specs are"
                                + " published with it, and this executor consumes it (topic <prefix>.steps.<queue>,"
                                + " group <prefix>-executor-<queue>) instead of the latency classes' queues. Give"
                                + " executors that serve different tools different queues, so no step reaches an"
                                + " executor without its tool. Empty: the latency classes' queues.")
                .define(
                        MAX_IN_FLIGHT,
                        ConfigDef.Type.INT,
                        256,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "The most tasks this process runs at once, across queues (each running synchronous call"
                                + " holds a thread).")
                .define(
                        MAX_BUFFERED,
                        ConfigDef.Type.INT,
                        5_000,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "The most tasks a queue's consumer holds waiting to start (behind their key, their tool's"
                                + " cap or the in-flight limit); fetching pauses at this number and resumes at half.")
                .define(
                        RESULT_MAX_BYTES,
                        ConfigDef.Type.INT,
                        900 * 1024,
                        Range.between(1024, 100 * 1024 * 1024),
                        Importance.MEDIUM,
                        "The largest step result published, in bytes of JSON. A larger output fails the step with"
                                + " an error saying so. Keep it under the broker's message.max.bytes (1 MiB by"
                                + " default).")
                .define(
                        SHUTDOWN_GRACE_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "On shutdown, how long running calls may finish. Then non-idempotent calls are cancelled"
                                + " and reported CANCELLED; idempotent ones are cancelled and left to another"
                                + " executor.")
                .define(
                        REVOKE_GRACE_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "When partitions move to another executor, how long their running calls may finish so"
                                + " their results commit here. Keep it well below max.poll.interval.ms.")
                .define(
                        RETRY_BACKOFF_MS,
                        ConfigDef.Type.LONG,
                        100L,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "The wait before the first retry of an idempotent tool; doubled for each further retry.")
                .define(
                        RETRY_BACKOFF_MAX_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "The longest wait between retries.")
                .define(
                        RETRY_JITTER,
                        ConfigDef.Type.DOUBLE,
                        0.2,
                        Range.between(0, 1),
                        Importance.LOW,
                        "The fraction of each wait taken off at random, so retries of many calls spread out.")
                .define(
                        SESSION_TIMEOUT_MS,
                        ConfigDef.Type.INT,
                        10_000,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "How soon the group notices a dead executor (classic group protocol): its partitions move"
                                + " to the others after this. The broker bounds it (group.min.session.timeout.ms).")
                .define(
                        TRANSACTION_TIMEOUT_MS,
                        ConfigDef.Type.INT,
                        10_000,
                        Range.atLeast(1_000),
                        Importance.LOW,
                        "The transaction timeout of the result producers: how long a dead executor's open"
                                + " transaction can hold up readers when no restarted process fences it.")
                .define(
                        STATIC_MEMBERSHIP,
                        ConfigDef.Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "Join the groups as static members (group.instance.id = <id>-<queue>): a restarted process"
                                + " gets its partitions back at once, without a rebalance; a stopped one keeps them"
                                + " until the session timeout (unless it leaves the group: executor.leave.group.on.close).")
                .define(
                        LEAVE_GROUP_ON_CLOSE,
                        ConfigDef.Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether an executor that shuts down leaves its consumer groups, so that the others take its"
                                + " partitions at once. Matters with executor.static.membership: a static member that"
                                + " does not leave keeps its partitions, idle, until the session timeout expires."
                                + " false suits restarts that come back within the session (no rebalance), at the price"
                                + " of that wait when one does not.")
                .define(
                        OFFSET_METADATA_MAX_CHARS,
                        ConfigDef.Type.INT,
                        4_000,
                        Range.between(64, 1_000_000),
                        Importance.LOW,
                        "The longest offset metadata committed (it marks finished and started tasks above the"
                                + " committed offset). Must not exceed the broker's offset.metadata.max.bytes (4096"
                                + " by default). Bounds how far past the oldest unfinished task a partition's tasks"
                                + " may start.")
                .define(
                        POLL_MAX_MS,
                        ConfigDef.Type.LONG,
                        100L,
                        Range.between(1, 10_000),
                        Importance.LOW,
                        "The longest a consumer loop waits for tasks while idle. Finished calls wake it at once.")
                .define(
                        COMMIT_LINGER_MS,
                        ConfigDef.Type.LONG,
                        1L,
                        Range.between(0, 1_000),
                        Importance.LOW,
                        "How long a finished call's result may wait for calls that started less than this long ago"
                                + " to end too, so their results share one transaction (each transaction costs a few"
                                + " milliseconds on the brokers, and the next one waits for it to complete). Only"
                                + " results wait, and only for such calls; 0 commits every result at once.")
                .define(
                        STALL_CONFIRM_MS,
                        ConfigDef.Type.LONG,
                        3_000L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "When the consumer loop was stalled this long (a frozen process, a long GC pause), tasks it"
                                + " had already fetched start only after a transaction with the consumer's group"
                                + " metadata commits: the group coordinator refuses one from a member that lost its"
                                + " partitions in the meantime, and the loop then learns of the hand-over and drops"
                                + " them, instead of running calls another executor now owns. Costs one transaction"
                                + " after such a stall; 0 turns the check off. Keep it below the group's session"
                                + " timeout.")
                .define(
                        HEARTBEAT_INTERVAL_MS,
                        ConfigDef.Type.LONG,
                        10_000L,
                        Range.between(100, 600_000),
                        Importance.LOW,
                        "How often this executor writes its heartbeat (the tools it serves, the queues it consumes)"
                                + " to <prefix>.executors. After 3 intervals without one it counts as gone: a step"
                                + " then released for its tools gets a start-by time (planner.unserved.timeout.ms).");
    }

    private void validate() {
        String id = instanceId();
        if (!INSTANCE_ID_PATTERN.matcher(id).matches()) {
            throw new ConfigException(INSTANCE_ID, id, "must match [A-Za-z0-9._-]{1,100}");
        }
        classes();
        queue();
        if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_MS)) {
            throw new ConfigException(
                    RETRY_BACKOFF_MAX_MS,
                    getLong(RETRY_BACKOFF_MAX_MS),
                    "must be at least " + RETRY_BACKOFF_MS + " (" + getLong(RETRY_BACKOFF_MS) + ")");
        }
    }

    /** The instance id: the setting, or the host name made legal. */
    public String instanceId() {
        String id = getString(INSTANCE_ID);
        return id.isBlank() ? hostName() : id.trim();
    }

    /** The latency classes served, in order. */
    public Set<LatencyClass> classes() {
        Set<LatencyClass> classes = new LinkedHashSet<>();
        for (String name : getList(CLASSES)) {
            try {
                classes.add(LatencyClass.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        CLASSES,
                        name,
                        "unknown latency class; known: "
                                + Arrays.stream(LatencyClass.values())
                                        .map(LatencyClass::topicSuffix)
                                        .toList());
            }
        }
        if (classes.isEmpty()) {
            throw new ConfigException(CLASSES, "", "serve at least one latency class");
        }
        return EnumSet.copyOf(classes);
    }

    /**
     * The queue of the served tools whose spec names none, or {@code null} for their latency classes' queues.
     *
     * @throws ConfigException when it is not a legal queue name
     */
    public String queue() {
        String queue = getString(QUEUE).trim();
        if (queue.isEmpty()) {
            return null;
        }
        if (!StepQueues.NAME.matcher(queue).matches()) {
            throw new ConfigException(
                    QUEUE,
                    queue,
                    "must match [A-Za-z0-9_-]{1,100}: it becomes part of the topic <prefix>.steps.<queue>");
        }
        return queue;
    }

    /** The tools served by name; empty means all. */
    public Set<String> tools() {
        Set<String> tools = new LinkedHashSet<>();
        getList(TOOLS).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(tools::add);
        return tools;
    }

    public Topics topics() {
        return CommonSettings.topics(this);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxBuffered() {
        return getInt(MAX_BUFFERED);
    }

    public int resultMaxBytes() {
        return getInt(RESULT_MAX_BYTES);
    }

    public Duration shutdownGrace() {
        return Duration.ofMillis(getLong(SHUTDOWN_GRACE_MS));
    }

    public Duration revokeGrace() {
        return Duration.ofMillis(getLong(REVOKE_GRACE_MS));
    }

    public Backoff backoff() {
        return new Backoff(getLong(RETRY_BACKOFF_MS), getLong(RETRY_BACKOFF_MAX_MS), getDouble(RETRY_JITTER));
    }

    public int sessionTimeoutMs() {
        return getInt(SESSION_TIMEOUT_MS);
    }

    public int transactionTimeoutMs() {
        return getInt(TRANSACTION_TIMEOUT_MS);
    }

    public boolean staticMembership() {
        return getBoolean(STATIC_MEMBERSHIP);
    }

    /** Whether an executor that shuts down leaves its consumer groups (see {@link #LEAVE_GROUP_ON_CLOSE}). */
    public boolean leaveGroupOnClose() {
        return getBoolean(LEAVE_GROUP_ON_CLOSE);
    }

    /** How far above the oldest unfinished task of a partition a task may start. */
    public int maxOffsetSpan() {
        return OffsetMarks.maxSpan(getInt(OFFSET_METADATA_MAX_CHARS));
    }

    public Duration pollMax() {
        return Duration.ofMillis(getLong(POLL_MAX_MS));
    }

    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS));
    }

    public Duration commitLinger() {
        return Duration.ofMillis(getLong(COMMIT_LINGER_MS));
    }

    /** How long a stall of the consumer loop may be before fetched tasks wait for a confirming commit; 0: never. */
    public Duration stallConfirm() {
        return Duration.ofMillis(getLong(STALL_CONFIRM_MS));
    }

    /** {@code bootstrap.servers} and every {@code kafka.*} setting, then every {@code consumer.*} setting. */
    public Map<String, Object> consumerOverrides() {
        Map<String, Object> props = new HashMap<>(CommonSettings.kafkaClientProperties(this));
        props.putAll(originalsWithPrefix(CONSUMER_PREFIX));
        return props;
    }

    /** {@code bootstrap.servers} and every {@code kafka.*} setting, then every {@code producer.*} setting. */
    public Map<String, Object> producerOverrides() {
        Map<String, Object> props = new HashMap<>(CommonSettings.kafkaClientProperties(this));
        props.putAll(originalsWithPrefix(PRODUCER_PREFIX));
        return props;
    }

    /** Settings for clients that are neither (the admin, the tool-spec producer). */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(CommonSettings.kafkaClientProperties(this));
    }

    private static String hostName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "executor");
        }
        String legal = host.replaceAll("[^A-Za-z0-9._\\-]", "-");
        return legal.isEmpty() ? "executor" : legal.substring(0, Math.min(legal.length(), 100));
    }

    /** The names of every setting, for error messages and docs. */
    static List<String> names() {
        return new ArrayList<>(DEFINITION.names());
    }
}
