package io.planexec.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.io.File;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One MCP server: connects to it (starting its process for stdio), serves its tools in the toolbox, keeps them current
 * ({@code notifications/tools/list_changed}), and when the server goes away (its process exits, a ping goes
 * unanswered, a call fails on the transport) fails the calls in flight with a retryable error and connects again with
 * exponential backoff. Its tools stay registered meanwhile: their calls fail at once, retryably, naming the server and
 * why it is down.
 *
 * <p>Thread-safe: calls come from worker threads, events from the SDK's threads and the scheduler.
 */
final class McpServerConnection implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(McpServerConnection.class);
    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());
    /** The SDK's own timeout of a request: planexec cancels each call at its tool's timeout, so effectively none. */
    private static final Duration NO_REQUEST_TIMEOUT = Duration.ofDays(1);

    private final McpServerConfig config;
    private final Map<String, SpecOverride> overrides;
    private final Toolbox toolbox;
    private final McpTools.Settings settings;
    private final ScheduledExecutorService scheduler;

    private final Object lock = new Object();
    // guarded by lock
    private Session session;
    private boolean closed;
    private int failures;
    private String downReason = "not connected yet";
    private ScheduledFuture<?> pending;
    /** The planexec names of the tools registered for this server, in the server's order. */
    private final Set<String> registered = new LinkedHashSet<>();
    /** Whether the overrides naming no tool of the server were logged (once: at the first listing). */
    private boolean overridesChecked;

    /** One connection: a client, its transport, and the calls in flight on it. */
    private static final class Session {
        final McpAsyncClient client;
        final CancellingTransport transport;
        final Map<String, CompletableFuture<Object>> calls = new ConcurrentHashMap<>();
        ScheduledFuture<?> pings;
        /** A stdio server's process, when the SDK lets it be found. */
        Process process;
        /** Its process tree once it answered: a server started by npx or a shell runs as a grandchild. */
        List<ProcessHandle> tree = List.of();

        Session(McpAsyncClient client, CancellingTransport transport) {
            this.client = client;
            this.transport = transport;
        }
    }

    McpServerConnection(
            McpServerConfig config,
            Map<String, SpecOverride> overrides,
            Toolbox toolbox,
            McpTools.Settings settings,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.overrides = overrides;
        this.toolbox = toolbox;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    String name() {
        return config.name();
    }

    /**
     * Connects and registers the server's tools, waiting at most the start timeout.
     *
     * @throws McpUnavailableException when the server cannot be reached or does not answer in time
     */
    void start() {
        Session started = connect();
        synchronized (lock) {
            if (closed) {
                closeQuietly(started);
                return;
            }
            session = started;
        }
        LOGGER.info("mcp_server={} state=connected tools={}", name(), registeredNames());
    }

    /** The planexec names of the server's tools, in order. */
    List<String> registeredNames() {
        synchronized (lock) {
            return List.copyOf(registered);
        }
    }

    private Session connect() {
        CancellingTransport transport;
        try {
            transport = new CancellingTransport(transport(), name());
        } catch (RuntimeException e) {
            throw new McpUnavailableException(config + " did not start: " + describe(e));
        }
        Session[] holder = new Session[1];
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(McpSchema.Implementation.builder("planexec", McpTools.VERSION)
                        .build())
                .requestTimeout(NO_REQUEST_TIMEOUT)
                .initializationTimeout(settings.startTimeout())
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> toolsChanged(holder[0], tools)))
                .build();
        Session s = new Session(client, transport);
        holder[0] = s;
        try {
            client.initialize().block(settings.startTimeout());
            List<McpSchema.Tool> tools = listTools(client);
            syncTools(tools);
        } catch (RuntimeException e) {
            closeQuietly(s);
            throw new McpUnavailableException(config + " did not start: " + describe(e));
        }
        if (transport.delegate() instanceof StdioClientTransport stdio) {
            watchProcess(s, stdio);
        }
        long every = settings.pingInterval().toMillis();
        s.pings = scheduler.scheduleWithFixedDelay(() -> ping(s), every, every, TimeUnit.MILLISECONDS);
        return s;
    }

    /**
     * Restarts the server when its process exits. The SDK keeps the process in a private field and its close ends that
     * process alone, leaving behind the real server of a command such as {@code npx} or {@code sh -c}, which runs as a
     * grandchild: the process is read from the field so that the whole tree can be stopped. Without it (another SDK
     * version), the exit is still watched through the transport, and only the direct child is stopped.
     */
    private void watchProcess(Session s, StdioClientTransport stdio) {
        Process process = processOf(stdio);
        if (process != null) {
            s.process = process;
            s.tree = process.descendants().toList();
            CompletableFuture<Void> unused =
                    process.onExit().thenRun(() -> broken(s, "its process exited with status " + process.exitValue()));
            return;
        }
        Thread watcher = new Thread(
                () -> {
                    try {
                        stdio.awaitForExit();
                    } catch (RuntimeException interrupted) {
                        return;
                    }
                    broken(s, "its process exited");
                },
                "planexec-mcp-" + name() + "-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    private Process processOf(StdioClientTransport stdio) {
        try {
            Field field = StdioClientTransport.class.getDeclaredField("process");
            field.setAccessible(true);
            return (Process) field.get(stdio);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn(
                    "mcp_server={} process=not_found effect=\"a child process of the server's may outlive it\""
                            + " error=\"{}\"",
                    name(),
                    e.toString());
            return null;
        }
    }

    private McpClientTransport transport() {
        if (config instanceof McpServerConfig.Stdio stdio) {
            requireRunnable(stdio);
            ServerParameters parameters = ServerParameters.builder(stdio.command())
                    .args(stdio.args())
                    .env(stdio.env())
                    .build();
            StdioClientTransport transport = new StdioClientTransport(parameters, MAPPER);
            transport.setStdErrorHandler(line -> LOGGER.info("mcp_server={} stderr=\"{}\"", name(), line));
            return transport;
        }
        McpServerConfig.Http http = (McpServerConfig.Http) config;
        URI uri = URI.create(http.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = http.url().substring(base.length());
        if (endpoint.isEmpty()) {
            endpoint = "/";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder();
        http.headers().forEach(request::header);
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .requestBuilder(request)
                .jsonMapper(MAPPER)
                .connectTimeout(settings.startTimeout())
                .build();
    }

    /** Fails at once, instead of at the start timeout, when the command is nowhere to be run. */
    private static void requireRunnable(McpServerConfig.Stdio stdio) {
        String command = stdio.command();
        if (command.contains("/")) {
            if (!Files.isExecutable(Path.of(command))) {
                throw new McpUnavailableException("command '" + command + "' is not an executable file");
            }
            return;
        }
        String path = stdio.env().getOrDefault("PATH", System.getenv("PATH"));
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                    return;
                }
            }
        }
        throw new McpUnavailableException("command '" + command + "' is not on the PATH (" + path + ")");
    }

    private List<McpSchema.Tool> listTools(McpAsyncClient client) {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor).block(settings.startTimeout());
            if (page == null) {
                break;
            }
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }

    private void toolsChanged(Session s, List<McpSchema.Tool> tools) {
        synchronized (lock) {
            if (closed || s == null || (session != null && session != s)) {
                return;
            }
        }
        LOGGER.info("mcp_server={} event=tools_list_changed tools={}", name(), tools.size());
        syncTools(tools);
    }

    /** Registers the server's tools that are new or changed, and removes those it no longer has. */
    private void syncTools(List<McpSchema.Tool> tools) {
        Map<String, Tool> wanted = new LinkedHashMap<>();
        for (McpSchema.Tool tool : tools) {
            String name = McpToolSpecs.toolName(name(), tool.name());
            Optional<ToolSpec> spec;
            try {
                spec = McpToolSpecs.spec(name(), tool, overrides.getOrDefault(name, SpecOverride.NONE));
            } catch (IllegalArgumentException e) {
                LOGGER.warn("mcp_server={} tool={} state=not_served error=\"{}\"", name(), tool.name(), e.getMessage());
                continue;
            }
            if (spec.isEmpty()) {
                LOGGER.warn(
                        "mcp_server={} tool={} state=not_served error=\"its planexec name {} is longer than {}"
                                + " characters, which LLM APIs refuse: give the server a shorter name\"",
                        name(),
                        tool.name(),
                        name,
                        McpToolSpecs.MAX_NAME_LENGTH);
                continue;
            }
            if (wanted.containsKey(name)) {
                LOGGER.warn(
                        "mcp_server={} tool={} state=not_served error=\"another of its tools is also named {}\"",
                        name(),
                        tool.name(),
                        name);
                continue;
            }
            String mcpName = tool.name();
            wanted.put(name, Tool.async(spec.get(), (args, ctx) -> call(mcpName, args, ctx)));
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (String gone : new ArrayList<>(registered)) {
                if (!wanted.containsKey(gone)) {
                    registered.remove(gone);
                    toolbox.remove(gone);
                    LOGGER.info("mcp_server={} tool={} state=removed", name(), gone);
                }
            }
            for (Map.Entry<String, Tool> entry : wanted.entrySet()) {
                Optional<ToolSpec> current =
                        registered.contains(entry.getKey()) ? toolbox.spec(entry.getKey()) : Optional.empty();
                if (current.isEmpty() || !current.get().equals(entry.getValue().spec())) {
                    if (!registered.contains(entry.getKey()) && toolbox.hasSpec(entry.getKey())) {
                        LOGGER.warn(
                                "mcp_server={} tool={} state=not_served error=\"a tool of this name is served already\"",
                                name(),
                                entry.getKey());
                        continue;
                    }
                    toolbox.register(entry.getValue());
                }
                registered.add(entry.getKey());
            }
            if (overridesChecked) {
                return;
            }
            overridesChecked = true;
        }
        warnOfUnmatchedOverrides(wanted.keySet());
    }

    private void warnOfUnmatchedOverrides(Set<String> served) {
        String prefix = name() + McpToolSpecs.SEPARATOR;
        for (String overridden : overrides.keySet()) {
            if (overridden.startsWith(prefix) && !served.contains(overridden)) {
                LOGGER.warn(
                        "mcp_server={} override={} effect=none error=\"the server has no tool of this name\"",
                        name(),
                        overridden);
            }
        }
    }

    // ---- calls ----

    private CompletionStage<Object> call(String mcpName, Map<String, Object> args, ToolContext ctx) {
        Session s;
        synchronized (lock) {
            s = session;
            if (s == null) {
                String why = closed ? "the executor is stopping" : downReason;
                throw new McpUnavailableException(
                        "MCP server '" + name() + "' is not connected (" + why + "); it is being restarted, try again");
            }
        }
        String token = UUID.randomUUID().toString();
        Map<String, Object> meta = new HashMap<>();
        meta.put(CancellingTransport.CALL_TOKEN, token);
        meta.put("io.planexec/idempotency_key", ctx.idempotencyKey());
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder(mcpName)
                .arguments(args)
                .meta(meta)
                .build();
        CompletableFuture<Object> result = new CompletableFuture<>();
        s.calls.put(token, result);
        var subscription = s.client
                .callTool(request)
                .subscribe(
                        r -> {
                            try {
                                result.complete(McpOutputs.output(r));
                            } catch (RuntimeException e) {
                                result.completeExceptionally(e);
                            }
                        },
                        e -> {
                            if (e instanceof McpError error && error.getJsonRpcError() != null) {
                                result.completeExceptionally(refused(error));
                            } else {
                                result.completeExceptionally(new McpUnavailableException(
                                        "the call to MCP server '" + name() + "' failed: " + describe(e)));
                                broken(s, "a call failed on the transport: " + describe(e));
                            }
                        },
                        () -> result.complete(null));
        CompletableFuture<Object> unused = result.whenComplete((value, error) -> {
            s.calls.remove(token);
            if (result.isCancelled()) {
                subscription.dispose();
                s.transport.cancel(
                        token,
                        "planexec cancelled the call: its timeout or the plan's deadline passed,"
                                + " or the plan was cancelled");
            } else {
                s.transport.ended(token);
            }
        });
        return result;
    }

    /** A JSON-RPC error of the server: the call was refused (unknown tool, bad arguments), not worth repeating. */
    private RuntimeException refused(McpError error) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
        String message = "MCP server '" + name() + "' refused the call: " + rpc.message() + " (JSON-RPC error "
                + rpc.code() + ")";
        // -32603 is an internal error of the server: it may pass
        return rpc.code() == McpSchema.ErrorCodes.INTERNAL_ERROR
                ? new McpUnavailableException(message)
                : new NonRetryableException(message);
    }

    // ---- failure and restart ----

    private void ping(Session s) {
        try {
            s.client.ping().block(settings.pingTimeout());
        } catch (RuntimeException e) {
            broken(s, "a ping went unanswered for " + settings.pingTimeout().toMillis() + " ms: " + describe(e));
        }
    }

    /** The session has failed: fails its calls, closes it and schedules a restart (once per session). */
    private void broken(Session s, String why) {
        synchronized (lock) {
            if (closed || session != s) {
                return;
            }
            session = null;
            downReason = why;
            scheduleRestart();
        }
        LOGGER.warn("mcp_server={} state=down error=\"{}\"", name(), why);
        failCalls(s, "MCP server '" + name() + "' went away during the call (" + why + "); it is being restarted");
        closeQuietly(s);
    }

    // guarded by lock
    private void scheduleRestart() {
        long delay = Math.min(
                settings.restartMaxBackoff().toMillis(),
                settings.restartBackoff().toMillis() << Math.min(failures, 20));
        failures++;
        pending = scheduler.schedule(this::restart, delay, TimeUnit.MILLISECONDS);
        LOGGER.info("mcp_server={} state=restarting attempt={} in_ms={}", name(), failures, delay);
    }

    private void restart() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        Session s;
        try {
            s = connect();
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                downReason = describe(e);
                scheduleRestart();
            }
            LOGGER.warn("mcp_server={} state=down error=\"{}\"", name(), describe(e));
            return;
        }
        synchronized (lock) {
            if (closed) {
                closeQuietly(s);
                return;
            }
            session = s;
            failures = 0;
        }
        LOGGER.info("mcp_server={} state=connected tools={}", name(), registeredNames());
    }

    private static void failCalls(Session s, String why) {
        for (CompletableFuture<Object> call : List.copyOf(s.calls.values())) {
            call.completeExceptionally(new McpUnavailableException(why));
        }
    }

    private void closeQuietly(Session s) {
        if (s.pings != null) {
            s.pings.cancel(false);
        }
        List<ProcessHandle> tree = new ArrayList<>(s.tree);
        if (s.process != null) {
            s.process.descendants().forEach(tree::add);
        }
        try {
            s.client.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOGGER.debug("mcp_server={} close_error=\"{}\"", name(), e.toString());
        }
        try {
            s.client.close();
        } catch (RuntimeException e) {
            LOGGER.debug("mcp_server={} close_error=\"{}\"", name(), e.toString());
        }
        if (s.process != null) {
            tree.add(s.process.toHandle());
        }
        stop(tree);
    }

    /** Stops processes: SIGTERM, and SIGKILL for those still alive after 5 s. */
    private void stop(List<ProcessHandle> processes) {
        List<ProcessHandle> alive =
                processes.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle p : alive) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOGGER.warn("mcp_server={} pid={} state=killed reason=\"it did not stop within 5 s\"", name(), p.pid());
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /**
     * Stops the server (or disconnects) and fails the calls in flight. Its tools stay in the toolbox: the executor has
     * stopped, and other executors may serve them still.
     */
    @Override
    public void close() {
        Session s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        if (s != null) {
            failCalls(s, "MCP server '" + name() + "' was stopped: the executor is stopping");
            closeQuietly(s);
        }
        LOGGER.info("mcp_server={} state=stopped", name());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
