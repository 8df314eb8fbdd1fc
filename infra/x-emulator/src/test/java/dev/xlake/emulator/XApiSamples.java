package dev.xlake.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The real X material (OpenAPI spec, captured pages) vendored under
 * {@code infra/x-emulator/src/test/resources/x-api} (see its {@code SOURCES.md}), so the checks run
 * on any clone. {@code -Dxlake.shared.dir=...} points at another copy.
 */
final class XApiSamples {

    private static JsonNode spec;

    private XApiSamples() {}

    static Path dir() {
        String override = System.getProperty("xlake.shared.dir");
        if (override != null) {
            return Paths.get(override, "x-api");
        }
        Path vendored = Paths.get("src", "test", "resources", "x-api").toAbsolutePath();
        if (Files.isRegularFile(vendored.resolve("openapi-v2.159.json"))) {
            return vendored;
        }
        throw new IllegalStateException("Cannot find x-api/openapi-v2.159.json under " + vendored
                + ": run from the x-emulator module or set -Dxlake.shared.dir");
    }

    static JsonNode read(String relative) {
        try {
            return SearchClient.JSON.readTree(dir().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + relative, e);
        }
    }

    static synchronized JsonNode spec() {
        if (spec == null) {
            spec = read("openapi-v2.159.json");
        }
        return spec;
    }

    /** A component schema's properties and required names, with allOf parts and $refs merged. */
    record Shape(Map<String, JsonNode> properties, Set<String> required) {}

    static Shape shape(String componentName) {
        return shape(spec().at("/components/schemas/" + componentName));
    }

    static Shape shape(JsonNode schema) {
        Map<String, JsonNode> properties = new HashMap<>();
        Set<String> required = new HashSet<>();
        merge(schema, properties, required);
        return new Shape(properties, required);
    }

    private static void merge(JsonNode schema, Map<String, JsonNode> properties, Set<String> required) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            merge(spec().at(ref.substring(1)), properties, required);
            return;
        }
        schema.path("allOf").forEach(part -> merge(part, properties, required));
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            properties.put(field.getKey(), field.getValue());
        }
        schema.path("required").forEach(r -> required.add(r.asText()));
    }
}
