package io.planexec.executor.source;

import io.planexec.executor.tool.Toolbox;

/**
 * Tools that live outside the process (the tools of MCP servers, the operations of HTTP services): opened into the
 * executor's {@link Toolbox} before the executor starts, kept current while it runs (tools may come and go, and the
 * executor publishes each change), and closed after the executor has stopped.
 */
public interface ToolSource extends AutoCloseable {

    /**
     * Registers the source's tools in {@code toolbox}, and from now on registers and removes them there as they change.
     *
     * @throws ToolSourceException when the source cannot start; the message names the source and the cause
     */
    void open(Toolbox toolbox);

    /**
     * Stops keeping the tools current and lets go of what the source holds (processes, connections). May be called
     * more than once; later calls do nothing.
     */
    @Override
    void close();
}
