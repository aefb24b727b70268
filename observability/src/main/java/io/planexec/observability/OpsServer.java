package io.planexec.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a service process (the JDK's {@link HttpServer}): {@code GET /metrics} in the Prometheus text
 * format, {@code GET /health/live} and {@code GET /health/ready} as JSON ({@code 200} when every check passes, {@code
 * 503} naming the failing ones). Two threads answer, so a slow client never holds up the service.
 *
 * <pre>{@code
 * try (OpsServer http = OpsServer.start(new InetSocketAddress(9400), registry, liveChecks, readyChecks)) { ... }
 * }</pre>
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;

    private OpsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves on {@code address} (port 0: a free one) until closed.
     *
     * @param live the checks of {@code /health/live}, by name: failing means the process should be restarted
     * @param ready the checks of {@code /health/ready}, by name: failing means it should get no work yet
     * @throws IOException when the address cannot be bound
     */
    public static OpsServer start(
            InetSocketAddress address,
            PrometheusMeterRegistry registry,
            Supplier<Map<String, Check>> live,
            Supplier<Map<String, Check>> ready)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "planexec-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(
                "/metrics",
                exchange -> answer(exchange, () -> {
                    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                    return new Response(200, PROMETHEUS_TEXT, body);
                }));
        server.createContext("/health/live", exchange -> answer(exchange, () -> health(live.get())));
        server.createContext("/health/ready", exchange -> answer(exchange, () -> health(ready.get())));
        server.createContext(
                "/",
                exchange -> answer(
                        exchange,
                        () -> new Response(
                                404,
                                "text/plain; charset=utf-8",
                                "not found: GET /metrics, /health/live or /health/ready\n"
                                        .getBytes(StandardCharsets.UTF_8))));
        server.start();
        OpsServer ops = new OpsServer(server, threads);
        LOGGER.info("http=started url={}", ops.url());
        return ops;
    }

    /** The port it serves on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:9400} (the loopback address when it listens on every address). */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : address.getAddress().getHostAddress();
        return "http://" + host + ":" + address.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @SuppressWarnings("ArrayRecordComponent") // written once to the exchange; never compared or hashed
    private record Response(int status, String contentType, byte[] body) {}

    private interface Answer {
        Response get() throws IOException;
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response = new Response(
                        405,
                        "text/plain; charset=utf-8",
                        ("only GET is served, not " + method + "\n").getBytes(StandardCharsets.UTF_8));
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            } else {
                try {
                    response = answer.get();
                } catch (RuntimeException e) {
                    LOGGER.warn("http_request_failed path={} error=\"{}\"", exchange.getRequestURI(), e.toString());
                    response = new Response(
                            500, "text/plain; charset=utf-8", ("error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /** {@code {"status": "UP", "checks": {"streams": {"ok": true, "detail": "..."}}}}, 200 or 503. */
    private static Response health(Map<String, Check> checks) throws IOException {
        boolean up = checks.values().stream().allMatch(Check::ok);
        ObjectNode root = JSON.createObjectNode();
        root.put("status", up ? "UP" : "DOWN");
        ObjectNode all = root.putObject("checks");
        checks.forEach((name, check) -> {
            ObjectNode c = all.putObject(name);
            c.put("ok", check.ok());
            c.put("detail", check.detail());
        });
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        return new Response(up ? 200 : 503, "application/json", body);
    }
}
