/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) started in-process from the broker
 * jars on Maven Central: what the standalone mode runs on and what the integration tests use.
 */
package io.planexec.kafka.embedded;
