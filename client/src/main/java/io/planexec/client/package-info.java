/**
 * The Java client for agents: {@link io.planexec.client.PlanexecClient} submits requests and awaits their results;
 * {@link io.planexec.client.Requests} builds requests in the three dialects.
 */
package io.planexec.client;
