package io.planexec.model;

/** What an agent may publish to {@code planexec.requests}: a plan to run, or the cancellation of one. */
public sealed interface RequestMessage permits AgentRequest, CancelRequest {

    /** The plan this message is about; also the record key. */
    String planId();
}
