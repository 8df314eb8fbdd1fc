package dev.xlake.core.compliance;

import java.util.List;

/**
 * What X reported for a pass, as the compliance function stored it for the apply step
 * ({@link ComplianceKeys#resultsManifest}): the jobs for the pass record and the result files
 * (X's JSON lines, as downloaded). Written after the files.
 *
 * @param since the window of the ids, null for the whole lake
 */
public record PassResults(
        String passId, String since, String startedAt, List<CompliancePass.Job> jobs, List<ResultFile> files) {

    public PassResults {
        jobs = List.copyOf(jobs);
        files = List.copyOf(files);
    }

    /** One job's result: its type ({@code tweets}, {@code users}), X's job id and the object key. */
    public record ResultFile(String type, String jobId, String key) {}
}
