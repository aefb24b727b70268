/**
 * The Java client for agents: {@link io.planexec.client.PlanexecClient} submits requests and awaits their results;
 * {@link io.planexec.client.Requests} builds requests in the three dialects; {@link io.planexec.client.PlanEventStream}
 * follows plan events; {@link io.planexec.client.RegisteredTools} reads the tool registry.
 */
package io.planexec.client;
