package dev.xlake.compliance;

import java.net.URI;

/**
 * A batch compliance job as X describes it. The URLs are signed: they are secrets like the bearer
 * token, so {@link #toString()} leaves them out.
 */
public record ComplianceJob(String id, String type, String status, URI uploadUrl, URI downloadUrl) {

    public static final String TWEETS = "tweets";
    public static final String USERS = "users";

    public boolean isRunning() {
        return "created".equals(status) || "in_progress".equals(status);
    }

    @Override
    public String toString() {
        return "ComplianceJob[" + type + " " + id + " " + status + "]";
    }
}
