/**
 * What a service process shows its operators: {@link io.planexec.observability.Registries} builds the Prometheus
 * registry (common tags, JVM meters, latency histograms), and {@link io.planexec.observability.OpsServer} serves it on
 * {@code /metrics} with the health checks on {@code /health/live} and {@code /health/ready}.
 */
package io.planexec.observability;
