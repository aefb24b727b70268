/**
 * The executor service: {@link io.planexec.executor.ExecutorNode} runs tools from the latency-class step topics under
 * per-tool caps, per-key ordering, timeouts and retries, and publishes results transactionally;
 * {@link io.planexec.executor.ExecutorConfig} is its typed configuration and {@link io.planexec.executor.ExecutorMain}
 * its command-line entry point.
 */
package io.planexec.executor;
