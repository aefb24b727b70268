/**
 * Delivery of plan results to the {@code reply_to} topics agents ask for: the {@link
 * io.planexec.planner.reply.ReplyForwarder} copies each result from the results topic, exactly once, to the topics its
 * headers name, off the planner's stream threads.
 */
package io.planexec.planner.reply;
