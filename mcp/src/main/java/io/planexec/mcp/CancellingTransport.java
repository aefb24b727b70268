package io.planexec.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A client transport that can cancel a {@code tools/call} on the server: it notes the JSON-RPC id of each call that
 * carries a planexec call token in its {@code _meta}, and {@link #cancel} sends MCP's {@code notifications/cancelled}
 * with that id (the SDK's client keeps the ids to itself and sends no cancellation of its own).
 */
final class CancellingTransport implements McpClientTransport {

    /** The {@code _meta} key of a call's token. */
    static final String CALL_TOKEN = "io.planexec/call";

    static final String CANCELLED = "notifications/cancelled";

    private static final Logger LOGGER = LoggerFactory.getLogger(CancellingTransport.class);

    private final McpClientTransport delegate;
    private final String server;
    private final Map<String, Object> requestIds = new ConcurrentHashMap<>();

    CancellingTransport(McpClientTransport delegate, String server) {
        this.delegate = delegate;
        this.server = server;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                && request.params() instanceof McpSchema.CallToolRequest call
                && call.meta() != null
                && call.meta().get(CALL_TOKEN) instanceof String token) {
            requestIds.put(token, request.id());
        }
        return delegate.sendMessage(message);
    }

    /** The transport this one sends through. */
    McpClientTransport delegate() {
        return delegate;
    }

    /** Tells the server to stop the call of this token, if it was sent and has not ended. */
    void cancel(String token, String reason) {
        Object id = requestIds.remove(token);
        if (id == null) {
            return;
        }
        McpSchema.JSONRPCNotification notification = new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION, CANCELLED, Map.of("requestId", id, "reason", reason));
        delegate.sendMessage(notification)
                .subscribe(
                        ignored -> {},
                        e -> LOGGER.info(
                                "mcp_server={} request_id={} cancel=not_sent error=\"{}\"", server, id, e.toString()));
    }

    /** Forgets the call of this token: it has ended. */
    void ended(String token) {
        requestIds.remove(token);
    }

    /** The calls sent and not yet ended or cancelled. */
    int open() {
        return requestIds.size();
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
