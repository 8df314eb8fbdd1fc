package dev.xlake.emulator;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * An error response, with X's body: RFC 7807 problem JSON, and for invalid requests the
 * {@code errors[]} list naming the offending parameters.
 */
final class ApiException extends RuntimeException {

    /** Writes emoji as raw UTF-8 like X does, not as escaped surrogate pairs (Jackson's default). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    static final String INVALID_REQUEST_TYPE = "https://api.twitter.com/2/problems/invalid-request";

    private final int status;
    private final transient ObjectNode body;

    ApiException(int status, ObjectNode body) {
        super(status + " " + body.path("title").asText());
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }

    /** A 400 "Invalid Request" naming one or more parameters and their values. */
    static ApiException invalid(String message, Map<String, List<String>> parameters) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode errors = body.putArray("errors");
        ObjectNode error = errors.addObject();
        ObjectNode params = error.putObject("parameters");
        parameters.forEach((name, values) -> {
            ArrayNode list = params.putArray(name);
            values.forEach(list::add);
        });
        error.put("message", message);
        body.put("title", "Invalid Request");
        body.put("detail", "One or more parameters to your request was invalid.");
        body.put("type", INVALID_REQUEST_TYPE);
        return new ApiException(400, body);
    }

    static ApiException invalid(String message, String parameter, String value) {
        return invalid(message, Map.of(parameter, value == null ? List.of() : List.of(value)));
    }

    /** The plain problem X sends for 401, 429, 503 and friends. */
    static ObjectNode problem(int status, String title) {
        ObjectNode body = JSON.createObjectNode();
        body.put("title", title);
        body.put("detail", title);
        body.put("type", "about:blank");
        body.put("status", status);
        return body;
    }
}
