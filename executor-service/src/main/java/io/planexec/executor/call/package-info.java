/**
 * Running one task's tool calls: attempts, timeouts (cancel and interrupt), retries with backoff for idempotent
 * tools, behind a {@link io.planexec.executor.call.Timer} and a {@link java.time.Clock} that tests control.
 */
package io.planexec.executor.call;
