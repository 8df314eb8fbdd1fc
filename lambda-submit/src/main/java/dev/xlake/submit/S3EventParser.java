package dev.xlake.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the "object created" records out of an S3 event, without the Lambda events library.
 *
 * <p>Understands S3 event notifications ({@code Records[].s3}, keys URL-encoded with {@code +}
 * for space), the {@code s3:TestEvent} S3 sends when a notification is configured (no records),
 * and EventBridge "Object Created" events (keys not encoded). Other record types are dropped.
 */
public final class S3EventParser {

    /** One created object, key decoded. */
    public record CreatedObject(String bucket, String key) {}

    private final ObjectMapper json;

    public S3EventParser(ObjectMapper json) {
        this.json = json;
    }

    public List<CreatedObject> parse(InputStream event) throws IOException {
        return parse(json.readTree(event));
    }

    public List<CreatedObject> parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("Cannot parse S3 event: not a JSON object");
        }
        List<CreatedObject> created = new ArrayList<>();
        if ("Object Created".equals(event.path("detail-type").asText())) {
            JsonNode detail = event.path("detail");
            created.add(new CreatedObject(required(detail, "bucket", "name"), required(detail, "object", "key")));
            return created;
        }
        for (JsonNode record : event.path("Records")) {
            if (!record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            String encodedKey = required(s3, "object", "key");
            created.add(new CreatedObject(required(s3, "bucket", "name"), decodeKey(encodedKey)));
        }
        return created;
    }

    /** S3 notification keys are form-encoded: {@code +} is a space, {@code %xx} a UTF-8 byte. */
    static String decodeKey(String encodedKey) {
        return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
    }

    private static String required(JsonNode parent, String object, String field) {
        JsonNode value = parent.path(object).path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("Cannot parse S3 event: record without " + object + "." + field);
        }
        return value.asText();
    }
}
