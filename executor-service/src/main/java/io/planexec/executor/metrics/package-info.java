/** The executor's Micrometer meters: one catalogue ({@link io.planexec.executor.metrics.ExecutorMeter}). */
package io.planexec.executor.metrics;
