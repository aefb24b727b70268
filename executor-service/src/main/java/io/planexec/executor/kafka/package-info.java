/**
 * The Kafka side of the executor: one consumer loop per latency class ({@link io.planexec.executor.kafka.StepLoop})
 * with a transactional producer, committing results, STARTED notices and offsets (with metadata marking finished and
 * started tasks) in one transaction per iteration; rebalances, dead letters, tool-spec publishing.
 */
package io.planexec.executor.kafka;
