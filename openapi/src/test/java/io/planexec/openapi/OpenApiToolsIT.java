package io.planexec.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolErrors;
import io.planexec.executor.tool.Toolbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations of the classic Petstore document, served from a toolbox and called against a Petstore run by the test
 * (the JDK's HTTP server): what reaches the server, what comes back, which failures are retried.
 */
class OpenApiToolsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, Map<String, Object>> pets = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "petstore");
        t.setDaemon(true);
        return t;
    });
    private final Toolbox toolbox = new Toolbox();
    private HttpServer server;
    private OpenApiTools tools;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/v1/pets", this::pets);
        server.start();
        String config = """
                services:
                  petstore:
                    spec: petstore.yaml
                    base_url: http://127.0.0.1:%d/v1
                    headers: {Authorization: "Bearer ${env:PETSTORE_TOKEN}"}
                tools:
                  petstore__showPetById: {timeout_ms: 5000}
                """.formatted(server.getAddress().getPort());
        tools = new OpenApiTools(OpenApiConfig.parse(
                "tools.yaml", config, Map.of("PETSTORE_TOKEN", "t0k"), Path.of("src/test/resources")));
        tools.open(toolbox);
    }

    @AfterEach
    void stop() {
        tools.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void shouldCreateShowAndListPetsThroughTheirOperations() throws Exception {
        assertThat(toolbox.names()).hasSize(5);
        assertThat(toolbox.spec("petstore__showPetById").orElseThrow().timeoutMs())
                .isEqualTo(5_000L);

        Object created = call("petstore__createPets", Map.of("body", Map.of("name", "Rex", "tag", "dog")));
        assertThat(created).isEqualTo(Map.of("id", 1, "name", "Rex", "tag", "dog"));
        assertThat(call("petstore__showPetById", Map.of("petId", "1"))).isEqualTo(created);
        call("petstore__createPets", Map.of("body", Map.of("name", "Tom")));
        assertThat(call("petstore__listPets", Map.of("limit", 1))).isEqualTo(List.of(created));
        assertThat(call("petstore__deletePet", Map.of("petId", "1"))).isNull();
        assertThat(pets).containsOnlyKeys(2L);

        assertThat(authorizations).hasSize(5).containsOnly("Bearer t0k");
        assertThat(idempotencyKeys).contains("p/s/1");
    }

    @Test
    void shouldFailA4xxWithTheBodyTheLlmSeesAndNotRetryIt() {
        assertThatThrownBy(() -> call("petstore__showPetById", Map.of("petId", "7")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NonRetryableException.class)
                .hasMessage("HTTP 404 from GET /v1/pets/7: {\"message\":\"no pet 7\"}");
        assertThatThrownBy(() -> call("petstore__createPets", Map.of()))
                .cause()
                .isInstanceOf(NonRetryableException.class)
                .hasMessage("argument 'body' is required (the request body of POST /pets)");
    }

    @Test
    void shouldRetryA5xxAndAServerThatCannotBeReached() {
        assertThatThrownBy(() -> call("petstore__showPetById", Map.of("petId", "flaky")))
                .cause()
                .hasMessage("HTTP 503 from GET /v1/pets/flaky: busy, try again")
                .satisfies(e -> assertThat(ToolErrors.isRetryable(e)).isTrue());

        server.stop(0);
        assertThatThrownBy(() -> call("petstore__listPets", Map.of()))
                .cause()
                .hasMessageStartingWith("GET http://127.0.0.1:")
                .hasMessageContaining("failed: ConnectException")
                .satisfies(e -> assertThat(ToolErrors.isRetryable(e)).isTrue());
    }

    @Test
    void shouldTimeOutAtTheCallsCancelTime() {
        CompletableFuture<Object> slow = start(
                "petstore__showPetById", Map.of("petId", "slow"), Instant.now().plusMillis(300));

        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).cause().hasMessageContaining("HttpTimeoutException");
    }

    private Object call(String tool, Map<String, Object> args) throws Exception {
        return start(tool, args, Instant.MAX).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> start(String tool, Map<String, Object> args, Instant cancelAt) {
        ToolContext direct = ToolContext.direct(tool, "p", "s", "test");
        ToolContext ctx = new ToolContext() {
            @Override
            public String tool() {
                return tool;
            }

            @Override
            public String planId() {
                return "p";
            }

            @Override
            public String stepId() {
                return "s";
            }

            @Override
            public int release() {
                return 1;
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public String idempotencyKey() {
                return direct.idempotencyKey();
            }

            @Override
            public Instant deadline() {
                return cancelAt;
            }

            @Override
            public Instant cancelAt() {
                return cancelAt;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public String executor() {
                return "test";
            }
        };
        try {
            return ((CompletionStage<Object>)
                            toolbox.tool(tool).orElseThrow().prepare(args).invoke(ctx))
                    .toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The Petstore: /v1/pets and /v1/pets/{id}; pet 'flaky' answers 503, pet 'slow' takes 30 s. */
    private void pets(HttpExchange exchange) throws IOException {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        idempotencyKeys.add(exchange.getRequestHeaders().getFirst("X-Idempotency-Key"));
        String[] path = exchange.getRequestURI().getPath().split("/");
        String method = exchange.getRequestMethod();
        if (path.length == 3) {
            if (method.equals("POST")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pet = JSON.readValue(exchange.getRequestBody(), Map.class);
                long id = ids.incrementAndGet();
                Map<String, Object> stored = new LinkedHashMap<>(pet);
                stored.put("id", id);
                pets.put(id, stored);
                respond(exchange, 201, JSON.writeValueAsString(stored));
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            int limit = query == null ? 100 : Integer.parseInt(query.substring("limit=".length()));
            respond(
                    exchange,
                    200,
                    JSON.writeValueAsString(new ArrayList<>(pets.values()).subList(0, Math.min(limit, pets.size()))));
            return;
        }
        String id = path[3];
        switch (id) {
            case "flaky" -> respondText(exchange, 503, "busy, try again");
            case "slow" -> {
                try {
                    Thread.sleep(30_000);
                    respond(exchange, 200, "{}");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> {
                Map<String, Object> pet = pets.get(Long.parseLong(id));
                if (pet == null) {
                    respond(exchange, 404, "{\"message\":\"no pet " + id + "\"}");
                } else if (method.equals("DELETE")) {
                    pets.remove(Long.parseLong(id));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                } else {
                    respond(exchange, 200, JSON.writeValueAsString(pet));
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void respondText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
