/**
 * The planner as a service: its typed configuration ({@link io.planexec.planner.service.PlannerConfig}) and its
 * lifecycle ({@link io.planexec.planner.service.PlannerService}: topics, co-partitioning check, Kafka Streams, the
 * reply forwarder, readiness).
 */
package io.planexec.planner.service;
