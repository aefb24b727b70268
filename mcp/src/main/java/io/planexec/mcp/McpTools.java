package io.planexec.mcp;

import io.planexec.executor.source.ToolSource;
import io.planexec.executor.source.ToolSourceException;
import io.planexec.executor.tool.Toolbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tools of the MCP servers of an {@link McpConfig}, as a {@link ToolSource}: {@link #open} starts (or connects to)
 * every server at once and registers its tools, named {@code SERVER__TOOL}; it fails, naming the server and why, when
 * one does not answer within the start timeout. Afterwards a server that goes away is restarted with backoff
 * (docs/tools.md, "MCP servers").
 */
public final class McpTools implements ToolSource {

    /** The client version planexec announces to servers. */
    static final String VERSION =
            Objects.requireNonNullElse(McpTools.class.getPackage().getImplementationVersion(), "dev");

    /**
     * How servers are started and watched.
     *
     * @param startTimeout how long a server may take to start, answer {@code initialize} and list its tools
     * @param pingInterval how often a connected server is pinged
     * @param pingTimeout how long a ping may go unanswered before the server is restarted
     * @param restartBackoff the first wait before a restart; it doubles with each failed one
     * @param restartMaxBackoff the longest wait before a restart
     */
    public record Settings(
            Duration startTimeout,
            Duration pingInterval,
            Duration pingTimeout,
            Duration restartBackoff,
            Duration restartMaxBackoff) {

        /** 60 s to start (a server run with npx may download itself first), pings every 10 s, restarts 1 s to 30 s. */
        public static final Settings DEFAULTS = new Settings(
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    private final McpConfig config;
    private final Settings settings;
    private final List<McpServerConnection> connections = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private boolean closed;

    public McpTools(McpConfig config) {
        this(config, Settings.DEFAULTS);
    }

    public McpTools(McpConfig config, Settings settings) {
        this.config = config;
        this.settings = settings;
    }

    @Override
    public synchronized void open(Toolbox toolbox) {
        if (scheduler != null) {
            throw new IllegalStateException("MCP tools are open already");
        }
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "planexec-mcp-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (McpServerConfig server : config.servers().values()) {
            McpServerConnection connection =
                    new McpServerConnection(server, config.overrides(), toolbox, settings, scheduler);
            connections.add(connection);
            starts.add(CompletableFuture.runAsync(connection::start));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> start : starts) {
            try {
                start.join();
            } catch (CompletionException e) {
                failures.add(e.getCause() == null ? e.toString() : e.getCause().getMessage());
            }
        }
        if (!failures.isEmpty()) {
            close();
            throw new ToolSourceException(String.join("; ", failures));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.forEach(McpServerConnection::close);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "MCP servers " + config.servers().keySet();
    }
}
