/**
 * The planner as a service: its typed configuration ({@link io.planexec.planner.service.PlannerConfig}), its
 * lifecycle ({@link io.planexec.planner.service.PlannerService}: topics, co-partitioning check, Kafka Streams, readiness)
 * and its view of reply topics ({@link io.planexec.planner.service.AdminReplyTopics}).
 */
package io.planexec.planner.service;
