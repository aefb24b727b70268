/**
 * The pure planner: builds, validates and analyses the DAG of a request ({@link io.planexec.plan.Planner}). No
 * Kafka, no Jackson, no clock, no I/O (checked by {@code LayeringTest}).
 */
package io.planexec.plan;
