package dev.xlake.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The {@code x-rate-limit-*} headers of a response; any of them may be absent. */
public record RateLimit(Long limit, Long remaining, Long reset) {

    public static final RateLimit NONE = new RateLimit(null, null, null);

    public static RateLimit fromHeaders(Map<String, List<String>> headers) {
        return new RateLimit(
                header(headers, "x-rate-limit-limit"),
                header(headers, "x-rate-limit-remaining"),
                header(headers, "x-rate-limit-reset"));
    }

    /** When the window resets ({@code x-rate-limit-reset} is epoch seconds), if known. */
    public Instant resetAt() {
        return reset == null ? null : Instant.ofEpochSecond(reset);
    }

    public boolean exhausted() {
        return remaining != null && remaining <= 0;
    }

    private static Long header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && !e.getValue().isEmpty()) {
                try {
                    return Long.parseLong(e.getValue().get(0).strip());
                } catch (NumberFormatException ignored) {
                    return null; // a garbled header is treated as absent
                }
            }
        }
        return null;
    }
}
