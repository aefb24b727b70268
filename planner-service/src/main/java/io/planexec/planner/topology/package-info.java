/**
 * The planner's Kafka Streams topology (Processor API), built by {@link
 * io.planexec.planner.topology.PlannerTopology#build}: every source, processor, sink and store is a named constant
 * there. The processors are thin: they parse records, send unreadable ones to the dead-letter topic, and hand the rest
 * to a {@link io.planexec.planner.run.PlanEngine}.
 */
package io.planexec.planner.topology;
