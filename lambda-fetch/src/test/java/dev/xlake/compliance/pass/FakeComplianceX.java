package dev.xlake.compliance.pass;

import dev.xlake.compliance.ComplianceException;
import dev.xlake.compliance.ComplianceJob;
import dev.xlake.compliance.ComplianceJobClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * X's batch compliance jobs in memory: a job uploaded to is {@code in_progress} for
 * {@code processing}, then {@code complete} (or the end a fault names); its result holds the
 * events marked for the uploaded ids. Refusals are thrown as the HTTP client throws them.
 */
final class FakeComplianceX implements ComplianceJobClient {

    private final InstantSource clock;
    private final Duration processing;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, String> events = new HashMap<>();
    private final Deque<String> endings = new ArrayDeque<>();
    private final Deque<String> refusals = new ArrayDeque<>();
    private String resultOverride;
    private long nextId = 1_460_000_000_000_000_000L;

    private static final class Job {
        final String id;
        final String type;
        final String ending;
        List<String> ids;
        Instant uploadedAt;

        Job(String id, String type, String ending) {
            this.id = id;
            this.type = type;
            this.ending = ending;
        }
    }

    FakeComplianceX(InstantSource clock, Duration processing) {
        this.clock = clock;
        this.processing = processing;
    }

    /** X reports {@code action}/{@code reason} for the id (of either type). */
    void mark(String id, String action, String reason) {
        events.put(
                id,
                "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"reason\":\"" + reason
                        + "\",\"created_at\":\"2026-12-01T00:00:00.000Z\",\"redacted_at\":\"2026-12-01T00:00:00.000Z\"}");
    }

    /** The next job created ends with {@code status} ({@code failed}, {@code expired}). */
    void endNextJob(String status) {
        endings.add(status);
    }

    /** The next call of any kind throws this message, as the HTTP client does for a refusal. */
    void refuseNext(String message) {
        refusals.add(message);
    }

    /** Every result is this body from now on. */
    void answerWith(String body) {
        resultOverride = body;
    }

    List<List<String>> uploads() {
        return jobs.values().stream().map(j -> j.ids).toList();
    }

    @Override
    public synchronized ComplianceJob create(String type, String name) {
        refuseIfAsked();
        String id = Long.toString(nextId++);
        Job job = new Job(id, type, endings.isEmpty() ? "complete" : endings.poll());
        jobs.put(id, job);
        return describe(job);
    }

    @Override
    public synchronized void upload(ComplianceJob job, List<String> ids) {
        refuseIfAsked();
        Job stored = jobs.get(job.id());
        stored.ids = new ArrayList<>(ids);
        stored.uploadedAt = clock.instant();
    }

    @Override
    public synchronized ComplianceJob status(String jobId) {
        refuseIfAsked();
        return describe(jobs.get(jobId));
    }

    @Override
    public synchronized byte[] download(ComplianceJob job) {
        refuseIfAsked();
        if (resultOverride != null) {
            return resultOverride.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder lines = new StringBuilder();
        jobs.get(job.id()).ids.stream()
                .filter(events::containsKey)
                .forEach(id -> lines.append(events.get(id)).append('\n'));
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ComplianceJob describe(Job job) {
        String status;
        if (job.uploadedAt == null) {
            status = "created";
        } else if (clock.instant().isBefore(job.uploadedAt.plus(processing))) {
            status = "in_progress";
        } else {
            status = job.ending;
        }
        return new ComplianceJob(
                job.id,
                job.type,
                status,
                URI.create("https://upload.example/" + job.id + "?signature=secret-up"),
                URI.create("https://download.example/" + job.id + "?signature=secret-down"));
    }

    private void refuseIfAsked() {
        if (!refusals.isEmpty()) {
            throw new ComplianceException(refusals.poll());
        }
    }
}
