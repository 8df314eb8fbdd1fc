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
    INTERRUPTED,
    /** The next request's worst-case cost would have taken a spend budget over (docs/fetch.md). */
    BUDGET_EXHAUSTED,
    /** X answered 402 CreditsDepleted: the account's credits or spending limit ran out. */
    CREDITS_DEPLETED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
