/**
 * planexec for Spring AI: {@link io.planexec.springai.PlanexecToolCallingManager} runs a response's tool calls as one
 * plan, {@link io.planexec.springai.PlanexecToolCallbacks} shows planexec's tools to a model, and {@link
 * io.planexec.springai.PlanexecAutoConfiguration} wires both when {@code planexec.bootstrap-servers} is set.
 */
package io.planexec.springai;
