/**
 * Test fixtures shared by the modules: {@link io.planexec.testing.KafkaClusterExtension}, which gives every
 * integration test a real Kafka broker (one per test JVM), and helpers to read and write its topics.
 */
package io.planexec.testing;
