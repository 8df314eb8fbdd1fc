package dev.xlake.core.compliance;

import java.util.List;

/**
 * The ids step's manifest ({@link ComplianceKeys#idsManifest}): which id files it wrote, one per
 * compliance job (at most {@link ComplianceKeys#MAX_IDS_PER_JOB} ids each), tweets before users.
 * Written after the files, so a reader that finds it finds them all.
 *
 * @param since the start of the window whose ids were collected, null for the whole lake
 */
public record PassIds(String passId, String since, String writtenAt, List<IdFile> files) {

    public PassIds {
        files = List.copyOf(files);
    }

    /** One file of ids, one per line: {@code key} relative to the bucket root. */
    public record IdFile(String type, int part, String key, int ids) {}
}
