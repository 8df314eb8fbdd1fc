package dev.xlake.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the emulator answered, for assertions such as "every page of a run used the same
 * since_id". The bearer token is not recorded; {@code fault} names the injected fault, if any.
 */
public record RecordedRequest(Instant at, String path, Map<String, String> params, int status, String fault) {

    /** Copies the parameters (in request order), so a caller cannot change the emulator's log. */
    public RecordedRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
