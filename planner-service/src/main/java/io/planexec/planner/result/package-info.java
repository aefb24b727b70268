/**
 * How a finished plan becomes its one PlanResult: per-step detail, the measured stats, and the tool messages in the
 * request's dialect ({@link io.planexec.wire.ToolMessages}), kept within the size a Kafka
 * record may have.
 */
package io.planexec.planner.result;
