package dev.xlake.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.QuerySlug;
import dev.xlake.core.layout.RunIds;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one reader of {@code _manifest.json}: checks what a consumer relies on (version, run id,
 * query slug, page keys) and answers a typed {@link Manifest}, or throws
 * {@link ManifestException} naming the manifest and the field that is wrong.
 */
public final class ManifestReader {

    private ManifestReader() {}

    public static Manifest read(byte[] bytes, String source) {
        try {
            return validate(Json.MAPPER.readTree(bytes), source);
        } catch (IOException e) {
            throw notJson(source, e);
        }
    }

    public static Manifest read(InputStream in, String source) throws IOException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        }
        return validate(tree, source);
    }

    private static Manifest validate(JsonNode tree, String source) {
        if (tree == null || !tree.isObject()) {
            throw new ManifestException(source, "not a JSON object");
        }
        JsonNode version = tree.path("manifest_version");
        if (version.asInt(-1) != Manifest.VERSION) {
            throw new ManifestException(
                    source,
                    "manifest_version is " + (version.isMissingNode() ? "missing" : version) + ", expected "
                            + Manifest.VERSION);
        }
        String runId = requiredText(tree, "run_id", source);
        if (!RunIds.isValid(runId)) {
            throw new ManifestException(source, "run_id '" + runId + "' is not a run id (yyyyMMddTHHmmssZ-xxxxxx)");
        }
        String queryName = requiredText(tree, "query_name", source);
        if (!QuerySlug.isValid(queryName)) {
            // the slug becomes a partition folder (query=<slug>): anything else could split a query in two
            throw new ManifestException(
                    source, "query_name '" + queryName + "' is not a query slug (" + QuerySlug.REGEX + ")");
        }
        JsonNode pages = tree.path("pages");
        if (!pages.isArray()) {
            throw new ManifestException(source, "pages is not an array");
        }
        for (JsonNode page : pages) {
            requiredText(page, "key", source);
        }
        if (tree.path("gaps").isMissingNode() || tree.path("gaps").isNull()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).putArray("gaps");
        }
        try {
            return Json.MAPPER.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new ManifestException(source, e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new ManifestException(source, field + " is missing or not a string");
        }
        return value.textValue();
    }

    private static ManifestException notJson(String source, IOException e) {
        ManifestException error = new ManifestException(source, "not JSON: " + e.getMessage());
        error.initCause(e);
        return error;
    }

    /** A manifest that cannot be used; the message names it and says why. */
    public static final class ManifestException extends IllegalArgumentException {
        ManifestException(String source, String problem) {
            super("Cannot read manifest " + source + ": " + problem);
        }
    }
}
