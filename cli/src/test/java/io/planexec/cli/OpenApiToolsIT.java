package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./planexec dev --openapi-tools} with the classic Petstore document, against a Petstore the test serves: a
 * plan that creates a pet and lists the pets runs the listing after the creation.
 */
class OpenApiToolsIT {

    @Test
    void shouldServeTheOperationsOfAServiceAndOrderAListingAfterACreation(@TempDir Path home) throws Exception {
        // Given a Petstore, and a tools file pointing at it with the document of the openapi module's tests
        List<String> pets = new CopyOnWriteArrayList<>();
        HttpServer petstore = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        petstore.createContext("/v1/pets", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                pets.add(body);
                respond(exchange, 201, body);
            } else {
                respond(exchange, 200, "[" + String.join(",", pets) + "]");
            }
        });
        petstore.start();
        Path tools = home.resolve("tools.yaml");
        Files.writeString(tools, """
                services:
                  petstore:
                    spec: %s
                    base_url: http://127.0.0.1:%d/v1
                    operations: [listPets, createPets]
                """.formatted(
                        Launcher.ROOT.resolve("openapi/src/test/resources/petstore.yaml"),
                        petstore.getAddress().getPort()));
        Path request = Files.writeString(home.resolve("request.json"), """
                {"schema_version": 1, "plan_id": "p-pets",
                 "tool_calls": [
                   {"id": "call_1", "type": "function", "function": {"name": "petstore__createPets",
                    "arguments": "{\\"body\\": {\\"name\\": \\"Rex\\"}}"}},
                   {"id": "call_2", "type": "function", "function": {"name": "petstore__listPets",
                    "arguments": "{}"}}]}
                """);

        Path devOut = home.resolve("dev.out");
        Process dev = Launcher.PROJECT.dev(home, devOut, "--no-demo-tools", "--openapi-tools", tools.toString());
        try {
            assertThat(read(devOut)).containsPattern("tools +petstore__createPets, petstore__listPets");

            // When the plan is submitted
            Path submitOut = home.resolve("submit.out");
            Process submit = Launcher.PROJECT.start(
                    home, submitOut, List.of("-Xmx512m"), Map.of(), "submit", request.toString());
            assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();

            // Then the listing, which reads petstore:/pets*, ran after the creation, which writes petstore:/pets
            assertThat(submit.exitValue()).as(read(submitOut)).isZero();
            assertThat(read(submitOut))
                    .contains("plan p-pets: SUCCEEDED")
                    .containsPattern("call_2 +SUCCEEDED .*\\[\\{\"name\":\"Rex\"}]");
        } finally {
            dev.destroy();
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).isTrue();
            petstore.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
