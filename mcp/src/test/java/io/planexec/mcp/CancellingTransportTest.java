package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CancellingTransportTest {

    private final Recording sent = new Recording();
    private final CancellingTransport transport = new CancellingTransport(sent, "files");

    @Test
    void shouldSendMcpsCancelledNotificationWithTheIdOfTheCall() {
        transport.sendMessage(call(42, "token-1")).block();

        transport.cancel("token-1", "its timeout passed");

        assertThat(sent.messages).hasSize(2);
        assertThat(sent.messages.get(1))
                .isEqualTo(new McpSchema.JSONRPCNotification(
                        McpSchema.JSONRPC_VERSION,
                        "notifications/cancelled",
                        Map.of("requestId", 42, "reason", "its timeout passed")));
        assertThat(transport.open()).isZero();
    }

    @Test
    void shouldSendNothingForACallThatEndedOrWasNeverSent() {
        transport.sendMessage(call(7, "token-2")).block();
        transport.ended("token-2");

        transport.cancel("token-2", "late");
        transport.cancel("token-unknown", "never sent");

        assertThat(sent.messages).hasSize(1);
        assertThat(transport.open()).isZero();
    }

    @Test
    void shouldPassOtherMessagesThroughUntouched() {
        McpSchema.JSONRPCRequest list =
                new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_LIST, 1, null);

        transport.sendMessage(list).block();

        assertThat(sent.messages).containsExactly(list);
        assertThat(transport.open()).isZero();
    }

    private static McpSchema.JSONRPCRequest call(int id, String token) {
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder("write_file")
                .arguments(Map.of("path", "a.txt"))
                .meta(Map.of(CancellingTransport.CALL_TOKEN, token))
                .build();
        return new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, id, request);
    }

    /** A transport that records what is sent. */
    private static final class Recording implements McpClientTransport {
        final List<McpSchema.JSONRPCMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            messages.add(message);
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            throw new UnsupportedOperationException();
        }
    }
}
