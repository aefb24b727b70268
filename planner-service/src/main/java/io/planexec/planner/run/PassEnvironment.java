package io.planexec.planner.run;

import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the operations on plan runs share within one stream task: its state store, where output goes, the policies, the
 * meters, whether the step topics of custom queues exist, and which tools have running executors.
 */
record PassEnvironment(
        PlanStateStore state,
        PassOutput output,
        Events events,
        WireFormat wire,
        Topics topics,
        EngineSettings settings,
        PlannerMetrics metrics,
        ReplyRouting replies,
        TopicChecks queueTopics,
        ToolServers servers,
        AtomicLong activePlans) {}
