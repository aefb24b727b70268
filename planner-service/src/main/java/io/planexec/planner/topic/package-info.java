/**
 * What the planner knows about topics it does not own and must not block on: {@link
 * io.planexec.planner.topic.TopicChecks}, answered from the cluster by {@link
 * io.planexec.planner.topic.AdminTopicChecks}.
 */
package io.planexec.planner.topic;
