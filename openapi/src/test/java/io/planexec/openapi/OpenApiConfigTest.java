package io.planexec.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiConfigTest {

    private static final Path DIR = Path.of("src/test/resources");

    @Test
    void shouldReadServicesWithTheirDocumentHeadersAndOperations() {
        OpenApiConfig config = parse("""
                {"services": {"petstore": {"spec": "petstore.yaml", "base_url": "http://h/v1",
                                           "headers": {"Authorization": "Bearer ${env:TOKEN}"},
                                           "operations": ["listPets"]}},
                 "tools": {"petstore__listPets": {"latency_class": "fast"}}}
                """);

        OpenApiConfig.Service petstore = config.services().get("petstore");
        assertThat(petstore.spec())
                .isEqualTo(DIR.resolve("petstore.yaml")
                        .toAbsolutePath()
                        .normalize()
                        .toString());
        assertThat(petstore.baseUrl()).isEqualTo("http://h/v1");
        assertThat(petstore.headers()).isEqualTo(Map.of("Authorization", "Bearer t0k"));
        assertThat(petstore.operations()).isEqualTo(List.of("listPets"));
        assertThat(petstore.toString()).doesNotContain("t0k");
        assertThat(config.overrides()).containsOnlyKeys("petstore__listPets");
    }

    @Test
    void shouldReadASecretHeaderFromAPropertiesFileAsKafkasFileConfigProviderDoes(@TempDir Path dir) throws Exception {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "petstore.token=s3cret\n");

        OpenApiConfig config = parse("{\"services\": {\"petstore\": {\"spec\": \"petstore.yaml\", \"headers\":"
                + " {\"Authorization\": \"Bearer ${file:" + secrets + ":petstore.token}\"}}}}");

        assertThat(config.services().get("petstore").headers()).isEqualTo(Map.of("Authorization", "Bearer s3cret"));
    }

    @Test
    void shouldNameTheFileThePlaceAndTheProblem() {
        assertError("{\"services\": {}}", "tools.yaml: $.services: must be an object of services by name");
        assertError("{\"services\": {\"a__b\": {}}}", "tools.yaml: $.services.a__b: a service name is");
        assertError("{\"services\": {\"a\": {}}}", "tools.yaml: $.services.a.spec: is required");
        assertError(
                "{\"services\": {\"a\": {\"spec\": \"none.yaml\"}}}", "tools.yaml: $.services.a.spec: no such file: ");
        assertError(
                "{\"services\": {\"a\": {\"spec\": \"petstore.yaml\", \"url\": \"x\"}}}",
                "tools.yaml: $.services.a.url: unknown key; a service has");
        assertError(
                "{\"services\": {\"a\": {\"spec\": \"petstore.yaml\", \"headers\": {\"X\": \"${env:NOPE}\"}}}}",
                "tools.yaml: $.services.a.headers.X: refers to ${env:NOPE}, but the variable NOPE is not set");
        assertError(
                "{\"services\": {\"a\": {\"spec\": \"petstore.yaml\"}}, \"tools\": {\"a__x\": {\"timeout_ms\": \"10\"}}}",
                "tools.yaml: $.tools.a__x.timeout_ms: must be an integer, got \"10\"");
        assertError("services: [", "tools.yaml: neither JSON nor YAML: ");
    }

    private static OpenApiConfig parse(String text) {
        return OpenApiConfig.parse("tools.yaml", text, Map.of("TOKEN", "t0k"), DIR);
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(OpenApiConfigException.class)
                .hasMessageStartingWith(message);
    }
}
