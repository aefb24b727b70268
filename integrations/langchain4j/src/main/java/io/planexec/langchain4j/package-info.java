/**
 * planexec for LangChain4j agents: {@link io.planexec.langchain4j.PlanexecToolCalls} runs an {@code AiMessage}'s tool
 * calls as one plan, and {@link io.planexec.langchain4j.LangChain4jTools} serves {@code @Tool} objects from an
 * executor, their specs completed by {@link io.planexec.langchain4j.PlanexecSpec}.
 */
package io.planexec.langchain4j;
