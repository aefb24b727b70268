/**
 * The planexec model: tool definitions ({@link io.planexec.model.ToolSpec}), requests and their steps, the messages
 * that cross Kafka, and the step and plan state machines. Records validated in their constructors; no JSON library,
 * no Kafka.
 */
package io.planexec.model;
