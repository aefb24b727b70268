package io.planexec.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The JSON Schemas of docs/schemas, loaded by their {@code $id}s so they can refer to each other offline. */
final class ProtocolSchemas {

    static final Path DIR = Path.of("../docs/schemas");
    static final String ID_PREFIX = "https://planexec.io/schemas/v1/";
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final Map<String, String> texts = new TreeMap<>();
    private final SchemaRegistry registry;

    ProtocolSchemas() {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
                texts.put(ID_PREFIX + file.getFileName(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(texts));
    }

    /** The names of the schema files without {@code .schema.json}: {@code agent-request}, ... */
    List<String> names() {
        return texts.keySet().stream()
                .map(id -> id.substring(ID_PREFIX.length(), id.length() - ".schema.json".length()))
                .toList();
    }

    String text(String name) {
        return texts.get(ID_PREFIX + name + ".schema.json");
    }

    /** The validation errors of a document against the named schema, as text; empty when it is valid. */
    List<String> validate(String name, JsonNode document) {
        if (text(name) == null) {
            throw new IllegalArgumentException("no schema " + name + ".schema.json in " + DIR);
        }
        Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + name + ".schema.json"));
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    /** The errors of a schema file against the draft 2020-12 meta-schema. */
    List<String> validateSchema(JsonNode schemaDocument) {
        return registry.getSchema(SchemaLocation.of(META_SCHEMA)).validate(schemaDocument).stream()
                .map(Error::toString)
                .toList();
    }
}
