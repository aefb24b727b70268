package io.planexec.planner.topology;

import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.run.EngineSettings;
import io.planexec.planner.run.PlanEngine;
import io.planexec.planner.run.PlanStateStore;
import io.planexec.planner.state.DefinitionCache;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner's topology. Requests and step results (co-partitioned, keyed by plan id) feed two processors that share
 * the plan-state store of their task; the registered tools are a global store. Output goes to six sinks.
 *
 * <pre>
 *   requests-source ──▶ request-processor ─────┬─▶ step-tasks-sink     (planexec.steps.&lt;class&gt;)
 *                         │  (+ plan clock)     ├─▶ plan-results-sink   (planexec.plan-results)
 *                         │                     ├─▶ plan-events-sink    (planexec.events)
 *                         │                     ├─▶ dead-letters-sink   (planexec.dead-letters)
 *                         │                     └─▶ timer-checks-sink   (planexec.step-results: timers due, read back)
 *                         └─▶ requests-rekey-sink (planexec.requests)
 *   step-results-source ─▶ step-result-processor ──┘ (the same five sinks)
 *
 *   store of both processors: plan-state (plans, their definitions, step states and timers)
 *   tools-source ──▶ tool-registry-processor ──▶ tool-registry (global store)
 * </pre>
 */
public final class PlannerTopology {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerTopology.class);

    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String STEP_RESULTS_SOURCE = "step-results-source";
    public static final String TOOLS_SOURCE = "tools-source";
    public static final String EXECUTORS_SOURCE = "executors-source";

    public static final String REQUEST_PROCESSOR = "request-processor";
    public static final String STEP_RESULT_PROCESSOR = "step-result-processor";
    public static final String TOOL_REGISTRY_PROCESSOR = "tool-registry-processor";
    public static final String EXECUTOR_REGISTRY_PROCESSOR = "executor-registry-processor";

    public static final String STEP_TASKS_SINK = "step-tasks-sink";
    public static final String PLAN_RESULTS_SINK = "plan-results-sink";
    public static final String PLAN_EVENTS_SINK = "plan-events-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String REQUESTS_REKEY_SINK = "requests-rekey-sink";
    public static final String TIMER_CHECKS_SINK = "timer-checks-sink";

    /**
     * Everything the planner keeps about plans, in one store (so one changelog): each plan's record and definition, its
     * steps' states and the timers, under the keys of {@code StateKeys}.
     */
    public static final String PLAN_STATE_STORE = "plan-state";
    /** The registered tool specs, by name (global). */
    public static final String TOOL_REGISTRY_STORE = "tool-registry";
    /** The executors' latest heartbeats, by instance id (global). */
    public static final String EXECUTOR_REGISTRY_STORE = "executor-registry";

    /**
     * What the topology's processors need.
     *
     * @param topics the topic names
     * @param engine the policies of plan runs
     * @param metrics where meters are recorded
     * @param cache parsed plan definitions, shared by the stream threads
     * @param wire the wire format
     * @param planner the pure planner
     * @param requestPartitions the partitions of the requests topic ({@code 0} when unknown: then only the key of a
     *     request is checked, not its partition)
     * @param clockInterval the shortest time between two runs of the plan clock
     * @param eagerCommits when a processed record is committed at once rather than at the commit interval
     * @param queueTopics whether the step topic of a queue other than the latency classes' exists (those are the
     *     planner's own and are never asked about)
     * @param executors the executors' latest heartbeats by tool, which the topology keeps up to date
     */
    public record Dependencies(
            Topics topics,
            EngineSettings engine,
            PlannerMetrics metrics,
            DefinitionCache cache,
            WireFormat wire,
            Planner planner,
            int requestPartitions,
            Duration clockInterval,
            EagerCommits eagerCommits,
            TopicChecks queueTopics,
            ExecutorIndex executors) {}

    private PlannerTopology() {}

    /** Builds the topology. */
    public static Topology build(Dependencies deps) {
        Topics topics = deps.topics();
        Topology topology = new Topology();
        topology.addGlobalStore(
                registryStore(TOOL_REGISTRY_STORE),
                TOOLS_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.tools(),
                TOOL_REGISTRY_PROCESSOR,
                () -> new ToolRegistryProcessor(deps.wire(), topics, deps.queueTopics()));
        topology.addGlobalStore(
                registryStore(EXECUTOR_REGISTRY_STORE),
                EXECUTORS_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.executors(),
                EXECUTOR_REGISTRY_PROCESSOR,
                () -> new ExecutorRegistryProcessor(deps.wire(), deps.executors()));
        topology.addSource(
                REQUESTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.requests());
        topology.addSource(
                STEP_RESULTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.stepResults());
        topology.addProcessor(REQUEST_PROCESSOR, () -> new RequestProcessor(deps), REQUESTS_SOURCE);
        topology.addProcessor(STEP_RESULT_PROCESSOR, () -> new StepResultProcessor(deps), STEP_RESULTS_SOURCE);
        topology.addStateStore(planStateStore(), REQUEST_PROCESSOR, STEP_RESULT_PROCESSOR);
        StringSerializer keys = new StringSerializer();
        topology.addSink(
                STEP_TASKS_SINK, Routed.TOPIC, keys, Routed.SERIALIZER, REQUEST_PROCESSOR, STEP_RESULT_PROCESSOR);
        topology.addSink(
                PLAN_RESULTS_SINK, Routed.TOPIC, keys, Routed.SERIALIZER, REQUEST_PROCESSOR, STEP_RESULT_PROCESSOR);
        topology.addSink(
                PLAN_EVENTS_SINK, topics.events(), keys, Routed.SERIALIZER, REQUEST_PROCESSOR, STEP_RESULT_PROCESSOR);
        topology.addSink(
                DEAD_LETTERS_SINK,
                topics.deadLetters(),
                new ByteArraySerializer(),
                Routed.SERIALIZER,
                REQUEST_PROCESSOR,
                STEP_RESULT_PROCESSOR);
        topology.addSink(
                TIMER_CHECKS_SINK,
                topics.stepResults(),
                keys,
                Routed.SERIALIZER,
                REQUEST_PROCESSOR,
                STEP_RESULT_PROCESSOR);
        topology.addSink(
                REQUESTS_REKEY_SINK,
                topics.requests(),
                new ByteArraySerializer(),
                Routed.SERIALIZER,
                REQUEST_PROCESSOR);
        return topology;
    }

    /**
     * The plan engine of a processor of the current task.
     *
     * @param plans whether the processor plans requests (and so needs the tool registry)
     */
    static PlanEngine engine(
            ProcessorContext<Object, Object> context, Dependencies deps, ForwardingPassOutput output, boolean plans) {
        PlanStateStore state = new PlanStateStore(context.getStateStore(PLAN_STATE_STORE), deps.cache());
        ToolCatalog tools = plans
                ? new StoreToolCatalog(context.getStateStore(TOOL_REGISTRY_STORE), deps.wire())
                : ToolCatalog.of(List.of());
        return new PlanEngine(
                state,
                output,
                deps.wire(),
                deps.topics(),
                deps.engine(),
                deps.metrics(),
                deps.metrics().activePlans(context.taskId().toString()),
                deps.planner(),
                tools,
                deps.queueTopics(),
                deps.executors());
    }

    /**
     * Asks Kafka Streams to commit as soon as the current record is processed, when it sent something an executor or an
     * agent waits for (a step task, a plan result) and {@link EagerCommits} says the planner is not behind: under
     * exactly-once the planner's output becomes visible only at a commit, so at light load this saves waiting for the
     * commit interval. Records that only changed state wait for the next commit, and so does everything while the
     * planner is behind: batched commits are what let it catch up.
     */
    static void commitIfAwaited(
            ProcessorContext<Object, Object> context,
            Dependencies deps,
            ForwardingPassOutput output,
            long recordTimestampMs) {
        if (deps.eagerCommits().onProcessed(output.takeAwaited(), context.currentSystemTimeMs(), recordTimestampMs)) {
            context.commit();
        }
    }

    /**
     * Starts the plan clock of a processor: it wakes when a timer that processor sets (or one already stored) is due.
     * Each of the two plan processors of a task has one; whichever wakes handles every due timer of the task.
     */
    static void startClock(
            ProcessorContext<Object, Object> context,
            Dependencies deps,
            PlanEngine engine,
            ForwardingPassOutput output) {
        PlanClock clock = new PlanClock(
                context, deps.clockInterval(), clockTick(context, output, engine::onClock), engine::nextClockMs);
        engine.onTimerSet(clock::timerSet);
        clock.start();
    }

    /**
     * One run of the plan clock: handles the due timers, then commits (what a tick sends, deadlines and outcomes, is
     * committed at once). A failure of the plan logic is logged and the clock runs again at its next timer; Kafka
     * Streams' own failures are for Streams to handle. The tick's output is committed by the tick itself, so the
     * output's "awaited" flag is cleared: the next record must not ask for a commit for it.
     */
    static LongConsumer clockTick(
            ProcessorContext<Object, Object> context, ForwardingPassOutput output, LongConsumer onClock) {
        return now -> {
            try {
                onClock.accept(now);
            } catch (KafkaException e) {
                throw e;
            } catch (RuntimeException e) {
                LOGGER.error("plan_clock_failed error=\"{}\"", e.toString(), e);
            } finally {
                output.takeAwaited();
            }
            context.commit();
        };
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> planStateStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PLAN_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled();
    }

    /** A global store: restored from its topic, so it keeps no changelog. */
    private static StoreBuilder<KeyValueStore<String, byte[]>> registryStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }
}
