package dev.xlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An X error answer (RFC 7807 problem JSON, optionally with an {@code errors} array naming the
 * offending parameters), reduced to what we report and act on.
 */
public record XProblem(int status, String title, String detail, List<String> messages, List<String> parameters) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 300;

    static XProblem parse(int status, byte[] body) {
        String title = null;
        String detail = null;
        List<String> messages = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                title = shorten(root.path("title").asText(null));
                detail = shorten(root.path("detail").asText(null));
                for (JsonNode error : root.path("errors")) {
                    String message = error.path("message").asText(null);
                    if (message != null) {
                        messages.add(shorten(message));
                    }
                    error.path("parameters").fieldNames().forEachRemaining(parameters::add);
                    String parameter = error.path("parameter").asText(null);
                    if (parameter != null) {
                        parameters.add(parameter);
                    }
                }
            }
        } catch (IOException e) {
            detail = "(body is not JSON)";
        }
        return new XProblem(status, title, detail, List.copyOf(messages), List.copyOf(parameters));
    }

    /** 400 naming {@code since_id}: X only accepts ids from its 7-day window. */
    boolean namesSinceId() {
        return status == 400 && names("since_id");
    }

    /** 400 naming {@code start_time}: it must lie inside X's 7-day window. */
    boolean namesStartTime() {
        return status == 400 && names("start_time");
    }

    /** 400 naming the pagination token. */
    boolean namesPaginationToken() {
        return status == 400 && (names("next_token") || names("pagination_token"));
    }

    private boolean names(String parameter) {
        return parameters.contains(parameter)
                || messages.stream().anyMatch(m -> m.toLowerCase(Locale.ROOT).contains(parameter));
    }

    /** For messages: status, title, detail and the first error message; never the body as such. */
    public String describe() {
        StringBuilder s = new StringBuilder("HTTP ").append(status);
        if (title != null) {
            s.append(' ').append(title);
        }
        if (detail != null) {
            s.append(": ").append(detail);
        }
        if (!messages.isEmpty()) {
            s.append(" (").append(messages.get(0)).append(')');
        }
        return s.toString();
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
