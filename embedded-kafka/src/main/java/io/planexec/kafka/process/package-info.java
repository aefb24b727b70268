/**
 * A Kafka cluster of separate processes on one machine (dedicated KRaft controllers and brokers, each a child JVM),
 * whose nodes can be killed, stopped, paused and started again: for the fault tests and for {@code planexec cluster}.
 */
package io.planexec.kafka.process;
