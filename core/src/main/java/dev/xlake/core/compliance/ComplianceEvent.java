package dev.xlake.core.compliance;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a batch compliance job's result: what X says to do with the stored copy of a post
 * or an account, and why (docs/compliance.md lists X's actions and reasons). Ids absent from a
 * result need nothing done.
 *
 * @param redactedAt when it happened on X; null for events older than X's timestamp tracking
 */
public record ComplianceEvent(String id, String action, String reason, Instant redactedAt) {

    public static final String DELETE = "delete";
    public static final String SCRUB_GEO = "scrub_geo";
    public static final String REHYDRATE = "rehydrate";

    public ComplianceEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
    }

    /** X ranks events: delete outranks rehydrate, which outranks scrub_geo. */
    public int rank() {
        return switch (action) {
            case DELETE -> 3;
            case REHYDRATE -> 2;
            case SCRUB_GEO -> 1;
            default -> 0;
        };
    }
}
