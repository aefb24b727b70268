package io.planexec.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.ToolContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Calls one operation with the JDK's HTTP client: the arguments named after path parameters fill the path, those after
 * query and header parameters go there, {@code body} is sent as JSON. The request times out at the call's cancel time
 * (its timeout or the plan's deadline), and cancelling the call aborts it. A 2xx response's body is the output (parsed
 * when JSON); a 4xx is a failure not worth retrying, its body the error the LLM sees; 408, 429, 5xx and failures to
 * connect are retried (for an idempotent operation).
 */
final class HttpToolCall {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 2_000;
    private static final Duration NO_TIMEOUT = Duration.ofDays(1);

    private final HttpClient client;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final HttpOperation op;

    HttpToolCall(HttpClient client, String baseUrl, Map<String, String> headers, HttpOperation op) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = headers;
        this.op = op;
    }

    CompletionStage<Object> call(Map<String, Object> args, ToolContext ctx) {
        HttpRequest request = request(args, ctx);
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Object> result = sent.handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw new IllegalStateException(
                        op.method() + " " + request.uri() + " failed: " + describe(cause), cause);
            }
            return output(request, response);
        });
        // cancelling the call (its timeout, the deadline, a cancelled plan) aborts the exchange
        CompletableFuture<Object> unused = result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private HttpRequest request(Map<String, Object> args, ToolContext ctx) {
        String path = op.path();
        List<String> query = new ArrayList<>();
        HttpRequest.Builder builder = HttpRequest.newBuilder();
        for (HttpOperation.Parameter p : op.parameters()) {
            Object value = args.get(p.name());
            if (value == null) {
                if (p.required()) {
                    throw new NonRetryableException("argument '" + p.name() + "' is required (the " + p.in()
                            + " parameter of " + op.method() + " " + op.path() + ")");
                }
                continue;
            }
            switch (p.in()) {
                case "path" ->
                    path = path.replace(
                            "{" + p.name() + "}", encode(scalar(p, value)).replace("+", "%20"));
                case "query" -> {
                    if (value instanceof List<?> values) {
                        values.forEach(v -> query.add(encode(p.name()) + "=" + encode(scalar(p, v))));
                    } else {
                        query.add(encode(p.name()) + "=" + encode(scalar(p, value)));
                    }
                }
                case "header" -> builder.header(p.name(), scalar(p, value));
                default -> {}
            }
        }
        URI uri = URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        builder.uri(uri);
        headers.forEach(builder::header);
        builder.header("Accept", "application/json, */*;q=0.5");
        builder.header("X-Idempotency-Key", ctx.idempotencyKey());
        Object body = args.get("body");
        if (op.body() != null && body != null) {
            try {
                builder.header("Content-Type", "application/json");
                builder.method(op.method(), HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (JsonProcessingException e) {
                throw new NonRetryableException("argument 'body' cannot be written as JSON: " + e.getOriginalMessage());
            }
        } else if (op.body() != null && op.body().required()) {
            throw new NonRetryableException(
                    "argument 'body' is required (the request body of " + op.method() + " " + op.path() + ")");
        } else {
            builder.method(op.method(), HttpRequest.BodyPublishers.noBody());
        }
        // (a context without a deadline, ToolContext.direct's, has none to give)
        Duration left = ctx.cancelAt().isAfter(Instant.now().plus(NO_TIMEOUT))
                ? NO_TIMEOUT
                : Duration.between(Instant.now(), ctx.cancelAt());
        builder.timeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
        return builder.build();
    }

    private static String scalar(HttpOperation.Parameter p, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new NonRetryableException("argument '" + p.name() + "' must be a string, number or boolean (a " + p.in()
                + " parameter), got " + value);
    }

    private Object output(HttpRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            if (body.isBlank()) {
                return null;
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json")) {
                try {
                    return JSON.readValue(body, Object.class);
                } catch (JsonProcessingException e) {
                    throw new NonRetryableException(op.method() + " " + request.uri() + " answered " + status
                            + " with a body that is not the JSON it said: " + e.getOriginalMessage());
                }
            }
            return body;
        }
        String message = "HTTP " + status + " from " + op.method() + " "
                + request.uri().getPath() + (body.isBlank() ? "" : ": " + clip(body));
        if (status == 408 || status == 429 || status >= 500) {
            throw new IllegalStateException(message);
        }
        throw new NonRetryableException(message);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String clip(String body) {
        String text = body.strip();
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "...";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }
}
