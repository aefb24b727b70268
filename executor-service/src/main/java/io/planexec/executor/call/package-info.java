/**
 * Running one task's tool calls: attempts, timeouts (cancel and interrupt), retries with backoff for idempotent
 * tools, behind a {@link io.planexec.executor.call.Delays} and a {@link java.time.Clock} that tests control.
 */
package io.planexec.executor.call;
