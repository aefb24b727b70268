package io.planexec.executor.tool;

import io.planexec.model.ToolSpec;

/** Told when a {@link Toolbox} gains or loses a tool (the executor publishes specs and tombstones this way). */
public interface ToolboxListener {

    /** A tool was registered, or replaced by one of the same name. */
    void registered(ToolSpec spec);

    /** A tool was removed. */
    void removed(String name);
}
