/**
 * The planner's Micrometer meters: the catalogue {@link io.planexec.planner.metrics.PlannerMeter} (documented in
 * {@code docs/operations.md}) and {@link io.planexec.planner.metrics.PlannerMetrics}, which records them in an injected
 * registry.
 */
package io.planexec.planner.metrics;
