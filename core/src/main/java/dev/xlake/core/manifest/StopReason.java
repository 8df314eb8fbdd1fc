package dev.xlake.core.manifest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a run stopped (the manifest's {@code stop_reason}). */
public enum StopReason {
    COMPLETE,
    RATE_LIMITED,
    TIME_BUDGET,
    MAX_PAGES,
    ERROR,
    INTERRUPTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
