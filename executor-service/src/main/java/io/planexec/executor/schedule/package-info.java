/**
 * Pure scheduling of an executor, without Kafka or threads of its own: key-ordered queueing
 * ({@link io.planexec.executor.schedule.KeyedQueue}), per-tool caps ({@link io.planexec.executor.schedule.ToolPermits}),
 * the in-flight limit, backoff between retries and the decision to pause fetching.
 */
package io.planexec.executor.schedule;
