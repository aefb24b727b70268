/**
 * The Kafka side of the executor: one consumer loop per latency class ({@link io.planexec.executor.kafka.StepLoop})
 * whose commit thread publishes results, STARTED notices and offsets (with metadata marking finished and started tasks)
 * one transaction at a time ({@link io.planexec.executor.kafka.CommitPipeline}); rebalances, dead letters, tool-spec
 * publishing.
 */
package io.planexec.executor.kafka;
