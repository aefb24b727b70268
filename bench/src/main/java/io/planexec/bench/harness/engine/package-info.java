/**
 * The three ways the harness runs a plan, behind one interface ({@link io.planexec.bench.harness.engine.Engine}):
 * planexec itself through its client, the in-process DAG baseline (the same plan run with {@code CompletableFuture}s
 * in one JVM) and the serial baseline (the same calls one after another, as an agent loop makes them).
 */
package io.planexec.bench.harness.engine;
