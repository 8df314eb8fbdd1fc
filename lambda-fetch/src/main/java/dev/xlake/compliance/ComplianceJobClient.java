package dev.xlake.compliance;

import java.io.IOException;
import java.util.List;

/** X's batch compliance endpoints (docs/compliance.md): create, upload, poll, download. */
public interface ComplianceJobClient {

    ComplianceJob create(String type, String name) throws IOException, InterruptedException;

    /** PUTs the ids, one per line, to the job's upload URL. */
    void upload(ComplianceJob job, List<String> ids) throws IOException, InterruptedException;

    ComplianceJob status(String jobId) throws IOException, InterruptedException;

    /** The result body (JSON lines) from the job's download URL. */
    byte[] download(ComplianceJob job) throws IOException, InterruptedException;
}
