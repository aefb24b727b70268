package io.planexec.planner.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.model.Attempt;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.RequestMessage;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TimerCheck;
import io.planexec.model.ToolSpec;
import io.planexec.plan.Planner;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.run.EngineSettings;
import io.planexec.planner.state.DefinitionCache;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.ResultRecords;
import io.planexec.topics.StepResultHeaders;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The planner topology on a {@link TopologyTestDriver}, with a controllable wall clock and a scripted executor: tests
 * submit requests, read the released step tasks, answer them, move the clock, and read results and events. The tools
 * registered with {@link #register} are served by the scripted executor, which beats once with an interval of a year
 * (so it always counts as running); {@link #registerUnserved} registers a tool nobody serves.
 */
final class PlannerDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final String EXECUTOR = "executor-1";
    static final String AGENT_TOPIC = "agent-7.results";

    final Topics topics = Topics.DEFAULT;
    final WireFormat wire = new WireFormat();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PlannerMetrics metrics = new PlannerMetrics(registry);
    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> requests;
    private final TestInputTopic<byte[], byte[]> stepResults;
    private final TestInputTopic<String, byte[]> tools;
    private final TestInputTopic<String, byte[]> executors;
    private final List<String> served = new ArrayList<>();
    private final Map<String, TestOutputTopic<String, byte[]>> stepTopics = new LinkedHashMap<>();
    private final TestOutputTopic<String, byte[]> events;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, byte[]> planResults;
    private final TestOutputTopic<String, byte[]> timerChecks;
    private final List<TestRecord<String, byte[]>> resultRecords = new ArrayList<>();
    private final List<PlanResult> unreadResults = new ArrayList<>();
    private final Map<String, List<PlanResult>> unreadCopies = new HashMap<>();
    private final Map<String, ResultRecords.Assembly> assemblies = new HashMap<>();
    private final List<PlanEvent> seenEvents = new ArrayList<>();
    private long elapsedMs;

    PlannerDriver() {
        this(EngineSettings.DEFAULTS);
    }

    PlannerDriver(EngineSettings settings) {
        try {
            stateDir = Files.createTempDirectory("planner-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PlannerTopology.Dependencies deps = new PlannerTopology.Dependencies(
                topics,
                settings,
                metrics,
                new DefinitionCache(100_000),
                wire,
                new Planner(),
                1,
                Duration.ofMillis(100),
                new EagerCommits(10, 4, 20),
                TopicChecks.fixed(Set.of(topics.steps(TestTools.GPU_QUEUE))),
                new ExecutorIndex());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "planner-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PlannerTopology.build(deps), props, START);
        requests = driver.createInputTopic(
                topics.requests(), new ByteArraySerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        stepResults = driver.createInputTopic(
                topics.stepResults(), new ByteArraySerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        tools = driver.createInputTopic(
                topics.tools(), new StringSerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        executors = driver.createInputTopic(
                topics.executors(), new StringSerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        for (LatencyClass c : LatencyClass.values()) {
            stepTopics.put(
                    topics.steps(c),
                    driver.createOutputTopic(topics.steps(c), new StringDeserializer(), new ByteArrayDeserializer()));
        }
        stepTopics.put(
                topics.steps(TestTools.GPU_QUEUE),
                driver.createOutputTopic(
                        topics.steps(TestTools.GPU_QUEUE), new StringDeserializer(), new ByteArrayDeserializer()));
        events = driver.createOutputTopic(topics.events(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        planResults =
                driver.createOutputTopic(topics.planResults(), new StringDeserializer(), new ByteArrayDeserializer());
        timerChecks =
                driver.createOutputTopic(topics.stepResults(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    TopologyTestDriver driver() {
        return driver;
    }

    // ---- input ----

    PlannerDriver register(ToolSpec... specs) {
        registerUnserved(specs);
        for (ToolSpec spec : specs) {
            served.add(spec.name());
        }
        heartbeat(new ExecutorHeartbeat(
                EXECUTOR,
                List.of("fast"),
                served,
                START,
                now(),
                Duration.ofDays(365).toMillis(),
                null));
        return this;
    }

    /** Registers tools that no executor serves (no heartbeat names them). */
    PlannerDriver registerUnserved(ToolSpec... specs) {
        for (ToolSpec spec : specs) {
            tools.pipeInput(spec.name(), wire.writeToolSpec(spec));
        }
        return this;
    }

    /** An executor's heartbeat on the executors topic. */
    void heartbeat(ExecutorHeartbeat beat) {
        executors.pipeInput(beat.instance(), wire.writeExecutorHeartbeat(beat));
    }

    void unregister(String tool) {
        tools.pipeInput(tool, (byte[]) null);
    }

    /** Sends a request keyed by its plan id. */
    void submit(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String planId = wire.recoverPlanId(bytes);
        send(planId, bytes);
    }

    void submit(RequestMessage request) {
        send(request.planId(), wire.writeRequest(request));
    }

    void send(String key, byte[] value) {
        requests.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Sends a request record with these headers (e.g. a trace context). */
    void send(String key, byte[] value, Headers headers) {
        requests.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), value, headers, now()));
    }

    /** Sends a step result record with these headers. */
    void sendResult(StepResult result, Headers headers) {
        stepResults.pipeInput(new TestRecord<>(
                result.planId().getBytes(StandardCharsets.UTF_8), wire.writeStepResult(result), headers, now()));
    }

    /** The event records published since the last call, with their headers (they count as seen by events()). */
    List<TestRecord<String, byte[]>> eventRecords() {
        List<TestRecord<String, byte[]>> records = events.readRecordsToList();
        records.forEach(r -> seenEvents.add(wire.readPlanEvent(r.value())));
        return records;
    }

    /** The task records of every queue published since the last call, with their headers. */
    List<TestRecord<String, byte[]>> allTaskRecords() {
        List<TestRecord<String, byte[]>> out = new ArrayList<>();
        stepTopics.values().forEach(t -> out.addAll(t.readRecordsToList()));
        return out;
    }

    void sendResult(StepResult result) {
        stepResults.pipeInput(result.planId().getBytes(StandardCharsets.UTF_8), wire.writeStepResult(result));
    }

    /** Pipes a timer check as the planner would read it back from the step-results topic. */
    void sendTimerCheck(TimerCheck check) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(StepResultHeaders.TIMER_CHECK, "1".getBytes(StandardCharsets.UTF_8));
        stepResults.pipeInput(new TestRecord<>(
                check.planId().getBytes(StandardCharsets.UTF_8), wire.writeTimerCheck(check), headers, now()));
    }

    void sendRawResult(String key, byte[] value) {
        stepResults.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** The executor answers a task: one attempt that succeeded with this output. */
    void succeed(StepTask task, Object output) {
        Instant now = now();
        sendResult(StepResult.finished(
                task.planId(),
                task.stepId(),
                task.release(),
                StepStatus.SUCCEEDED,
                output,
                null,
                List.of(new Attempt(1, now, now, StepStatus.SUCCEEDED, null, EXECUTOR)),
                EXECUTOR,
                now));
    }

    /** The executor answers a task: one attempt that ended with this status and error. */
    void fail(StepTask task, StepStatus status, String error) {
        Instant now = now();
        sendResult(StepResult.finished(
                task.planId(),
                task.stepId(),
                task.release(),
                status,
                null,
                error,
                List.of(new Attempt(1, now, now, status, error, EXECUTOR)),
                EXECUTOR,
                now));
    }

    void started(StepTask task) {
        sendResult(StepResult.started(task.planId(), task.stepId(), task.release(), EXECUTOR, now()));
    }

    /** Moves the wall clock (running the plan clock as it passes). */
    void advance(Duration d) {
        elapsedMs += d.toMillis();
        driver.advanceWallClockTime(d);
    }

    /** The wall clock of the driver. */
    Instant now() {
        return START.plusMillis(elapsedMs);
    }

    // ---- output ----

    /** Step tasks released since the last call, over all latency classes, in topic order. */
    List<StepTask> tasks() {
        List<StepTask> out = new ArrayList<>();
        for (TestOutputTopic<String, byte[]> t : stepTopics.values()) {
            for (TestRecord<String, byte[]> r : t.readRecordsToList()) {
                StepTask task = wire.readStepTask(r.value());
                if (!r.key().equals(task.routingKey())) {
                    throw new AssertionError(
                            "task " + task.stepId() + " keyed " + r.key() + ", routing key " + task.routingKey());
                }
                out.add(task);
            }
        }
        return out;
    }

    /** Step tasks of one latency class released since the last call, with their record keys. */
    List<TestRecord<String, byte[]>> taskRecords(LatencyClass c) {
        return stepTopics.get(topics.steps(c)).readRecordsToList();
    }

    /** The task records published to the test's custom queue ({@link TestTools#GPU_QUEUE}) since the last call. */
    List<TestRecord<String, byte[]>> gpuQueueRecords() {
        return stepTopics.get(topics.steps(TestTools.GPU_QUEUE)).readRecordsToList();
    }

    /** Results published to the results topic since the last call (every result is published there). */
    List<PlanResult> results() {
        drainResults();
        List<PlanResult> out = List.copyOf(unreadResults);
        unreadResults.clear();
        return out;
    }

    /**
     * Results published since the last call with a header naming this reply topic: those the reply forwarder copies
     * there.
     */
    List<PlanResult> results(String replyTo) {
        drainResults();
        List<PlanResult> copies = unreadCopies.remove(replyTo);
        return copies == null ? List.of() : List.copyOf(copies);
    }

    /** The timer checks the planner wrote to the step-results topic since the last call (it also read them back). */
    List<TestRecord<String, byte[]>> timerChecks() {
        return timerChecks.readRecordsToList();
    }

    /** Every record published to the results topic so far, with its headers (kept across calls). */
    List<TestRecord<String, byte[]>> resultRecords() {
        drainResults();
        return List.copyOf(resultRecords);
    }

    private void drainResults() {
        for (TestRecord<String, byte[]> r : planResults.readRecordsToList()) {
            resultRecords.add(r);
            byte[] whole = assemblies
                    .computeIfAbsent(r.key(), k -> new ResultRecords.Assembly(Long.MAX_VALUE))
                    .add(
                            headerBytes(r.headers(), ResultRecords.PART),
                            headerBytes(r.headers(), ResultRecords.RESULT_ID),
                            r.value());
            if (whole == null) {
                continue;
            }
            PlanResult result = wire.readPlanResult(whole);
            unreadResults.add(result);
            for (org.apache.kafka.common.header.Header h : r.headers().headers(ResultRecords.REPLY_TO)) {
                unreadCopies
                        .computeIfAbsent(new String(h.value(), StandardCharsets.UTF_8), t -> new ArrayList<>())
                        .add(result);
            }
        }
    }

    private static byte[] headerBytes(Headers headers, String name) {
        return headers.lastHeader(name) == null
                ? null
                : headers.lastHeader(name).value();
    }

    /** Every event published so far (kept across calls). */
    List<PlanEvent> events() {
        events.readValuesToList().forEach(v -> seenEvents.add(wire.readPlanEvent(v)));
        return List.copyOf(seenEvents);
    }

    List<PlanEvent> events(PlanEventType type) {
        return events().stream().filter(e -> e.type() == type).toList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static String header(Headers headers, String name) {
        return headers.lastHeader(name) == null
                ? null
                : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    Map<String, Object> stores() {
        return Map.copyOf(driver.getAllStateStores());
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
