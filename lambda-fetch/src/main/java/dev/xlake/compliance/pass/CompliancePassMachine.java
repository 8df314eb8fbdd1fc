package dev.xlake.compliance.pass;

import dev.xlake.compliance.ComplianceException;
import dev.xlake.compliance.ComplianceJob;
import dev.xlake.compliance.ComplianceJobClient;
import dev.xlake.compliance.pass.PassState.JobState;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.ComplianceResults;
import dev.xlake.core.compliance.PassIds;
import dev.xlake.core.compliance.PassResults;
import dev.xlake.core.json.Json;
import dev.xlake.core.json.Timestamps;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance function's work (docs/compliance.md "How it runs on AWS"): advances the open pass
 * one state at a time, each change written to {@code current.json} conditionally before the next
 * begins, so an invocation killed anywhere is resumed by the next one:
 *
 * <ol>
 *   <li>no open pass: the newest daily pass whose ids step wrote {@code ids.json} (today's or
 *       yesterday's) opens, state {@code jobs}, one pending job per ids file;
 *   <li>{@code jobs}: one job at a time (X allows one active job per type), in the file order: a
 *       pending job is created and uploaded to in one invocation (the upload URL lives ~15 minutes),
 *       a created one polled; a complete one's result is checked ({@link ComplianceResults}) and stored
 *       beside the pass; then {@code results.json} and state {@code results_stored};
 *   <li>{@code results_stored}: the apply step is requested ({@link ApplyRequester}), state
 *       {@code apply_requested} with its step id;
 *   <li>{@code apply_requested}: the apply step's pass record decides: {@code applied} or
 *       {@code failed}; no record after {@link #APPLY_TIMEOUT} fails the pass.
 * </ol>
 *
 * <p>A job that ends {@code failed} or {@code expired}, runs longer than the configured wait, or
 * whose result cannot be read ends the pass {@code failed}, with a failed pass record and its
 * working files removed: no table is touched, the next day's pass asks X again. Refusals and
 * outages of X (401, 402, 409, 429, 5xx, unreachable) throw: the state stays, and the next
 * invocation retries the same step.
 */
public final class CompliancePassMachine {

    private static final Logger LOG = LoggerFactory.getLogger(CompliancePassMachine.class);
    /** The apply step queues behind conversions on the cluster; half a day is far more than it needs. */
    static final Duration APPLY_TIMEOUT = Duration.ofHours(12);

    /**
     * What one invocation did.
     *
     * @param passId the pass it worked on, null when there was none
     * @param state the pass's state at the end
     * @param steps the transitions made, in order
     * @param endedFailed the pass ended failed in this invocation
     * @param endedApplied the pass was seen applied in this invocation
     */
    public record Report(String passId, String state, List<String> steps, boolean endedFailed, boolean endedApplied) {}

    private final ObjectStore lake;
    private final PassStateStore states;
    private final ComplianceJobClient x;
    private final ApplyRequester apply;
    private final InstantSource clock;
    private final Duration maxJobWait;

    public CompliancePassMachine(
            ObjectStore lake, ComplianceJobClient x, ApplyRequester apply, InstantSource clock, Duration maxJobWait) {
        this.lake = lake;
        this.states = new PassStateStore(lake);
        this.x = x;
        this.apply = apply;
        this.clock = clock;
        this.maxJobWait = maxJobWait;
    }

    /** One step's result: the state written (or left), and whether the pass needs waiting for. */
    private record Step(PassStateStore.Versioned current, String did, boolean waiting) {}

    /**
     * Advances until the pass waits for something (X, the apply step, the next ids) or the deadline
     * passes; the deadline is checked between steps, which take seconds.
     *
     * @throws ComplianceException when X refuses or cannot be reached; the state is kept
     */
    public Report advance(Instant deadline) throws IOException, InterruptedException {
        Optional<PassStateStore.Versioned> current = states.load();
        List<String> steps = new ArrayList<>();
        boolean failed = false;
        boolean applied = false;
        while (clock.instant().isBefore(deadline)) {
            Step step = step(current);
            if (step.did() != null) {
                steps.add(step.did());
                LOG.info("Compliance pass {}: {}", step.current().state().passId(), step.did());
            }
            if (step.current() != null) {
                current = Optional.of(step.current());
                String state = step.current().state().state();
                failed |= step.did() != null && PassState.FAILED.equals(state);
                applied |= step.did() != null && PassState.APPLIED.equals(state);
            }
            if (step.waiting()) {
                break;
            }
        }
        boolean endedFailed = failed;
        boolean endedApplied = applied;
        return current.map(v -> new Report(v.state().passId(), v.state().state(), steps, endedFailed, endedApplied))
                .orElse(new Report(null, null, steps, false, false));
    }

    private Step step(Optional<PassStateStore.Versioned> current) throws IOException, InterruptedException {
        if (current.isEmpty() || current.get().state().isEnded()) {
            return open(current);
        }
        PassStateStore.Versioned versioned = current.get();
        return switch (versioned.state().state()) {
            case PassState.JOBS -> jobs(versioned);
            case PassState.RESULTS_STORED -> requestApply(versioned);
            case PassState.APPLY_REQUESTED -> awaitRecord(versioned);
            default ->
                throw new IllegalStateException(
                        "Cannot advance compliance pass " + versioned.state().passId() + ": unknown state "
                                + versioned.state().state() + " in " + ComplianceKeys.CURRENT);
        };
    }

    /** Opens the newest daily pass with ids, newer than the last one. */
    private Step open(Optional<PassStateStore.Versioned> current) {
        String last = current.map(v -> v.state().passId()).orElse("");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (LocalDate day : List.of(today, today.minusDays(1))) {
            String passId = ComplianceKeys.dailyPassId(day);
            if (passId.compareTo(last) <= 0) {
                break;
            }
            Optional<StoredObject> manifest = lake.get(ComplianceKeys.idsManifest(passId));
            if (manifest.isEmpty()) {
                continue;
            }
            PassIds ids = Json.read(manifest.get().content(), PassIds.class, ComplianceKeys.idsManifest(passId));
            List<JobState> jobs = ids.files().stream()
                    .map(file -> new JobState(
                            file.type(), file.part(), file.key(), file.ids(), null, JobState.PENDING, null, null, 0, 0))
                    .toList();
            String now = now();
            PassState opened = new PassState(passId, PassState.JOBS, ids.since(), now, now, jobs, null, null, null);
            return new Step(
                    states.save(
                            opened, current.map(PassStateStore.Versioned::etag).orElse(null)),
                    "opened with " + jobs.size() + " jobs ("
                            + ids.files().stream().mapToInt(PassIds.IdFile::ids).sum() + " ids)",
                    false);
        }
        return new Step(current.orElse(null), null, true);
    }

    private Step jobs(PassStateStore.Versioned versioned) throws IOException, InterruptedException {
        PassState pass = versioned.state();
        for (int i = 0; i < pass.jobs().size(); i++) {
            JobState job = pass.jobs().get(i);
            if (job.isStored()) {
                continue;
            }
            if (job.jobId() == null) {
                return start(versioned, i);
            }
            return poll(versioned, i);
        }
        return storeResultsManifest(versioned);
    }

    /** Creates the job and uploads its ids in one go: the upload URL lives only ~15 minutes. */
    private Step start(PassStateStore.Versioned versioned, int index) throws IOException, InterruptedException {
        PassState pass = versioned.state();
        JobState job = pass.jobs().get(index);
        byte[] content = lake.get(job.idsKey())
                .orElseThrow(() -> new ComplianceException("Cannot start compliance job " + job.type() + "-"
                        + job.part() + " of pass " + pass.passId() + ": s3://" + lake.bucket() + "/" + job.idsKey()
                        + " is gone"))
                .content();
        List<String> ids = lines(content);
        ComplianceJob created = x.create(job.type(), "xlake-" + pass.passId() + "-" + job.type() + "-" + job.part());
        x.upload(created, ids);
        String now = now();
        PassState next = pass.withJob(
                index,
                j -> new JobState(
                        j.type(), j.part(), j.idsKey(), ids.size(), created.id(), created.status(), now, null, 0, 0),
                now);
        return new Step(
                states.save(next, versioned.etag()),
                "job " + created.id() + " (" + job.type() + "-" + job.part() + ") created, " + ids.size()
                        + " ids uploaded",
                false);
    }

    private Step poll(PassStateStore.Versioned versioned, int index) throws IOException, InterruptedException {
        PassState pass = versioned.state();
        JobState job = pass.jobs().get(index);
        ComplianceJob status = x.status(job.jobId());
        if (status.isRunning()) {
            Instant created = Instant.parse(job.createdAt());
            if (!clock.instant().isBefore(created.plus(maxJobWait))) {
                return fail(
                        versioned,
                        "Cannot finish compliance job " + job.jobId() + " (" + job.type() + "): still "
                                + status.status() + " after " + maxJobWait + "; no table was changed, the next pass"
                                + " asks again");
            }
            if (!status.status().equals(job.status())) {
                PassState next = pass.withJob(index, j -> withStatus(j, status.status()), now());
                return new Step(
                        states.save(next, versioned.etag()), "job " + job.jobId() + " " + status.status(), true);
            }
            return new Step(versioned, null, true);
        }
        if (!"complete".equals(status.status())) {
            PassState ended = pass.withJob(index, j -> withStatus(j, status.status()), now());
            return fail(
                    new PassStateStore.Versioned(ended, versioned.etag()),
                    "Cannot use compliance job " + job.jobId() + " (" + job.type() + "): it ended " + status.status()
                            + "; no table was changed, the next pass asks again");
        }
        byte[] result = x.download(status);
        ComplianceResults.Parsed parsed;
        try {
            parsed = ComplianceResults.parse(job.jobId(), result);
        } catch (IllegalArgumentException e) {
            return fail(versioned, e.getMessage() + "; no table was changed, the next pass asks again");
        }
        String key = ComplianceKeys.results(pass.passId(), job.type(), job.part());
        putOrReplace(key, result, "application/x-ndjson");
        PassState next = pass.withJob(
                index,
                j -> new JobState(
                        j.type(),
                        j.part(),
                        j.idsKey(),
                        j.ids(),
                        j.jobId(),
                        "complete",
                        j.createdAt(),
                        key,
                        parsed.events().size(),
                        parsed.errors()),
                now());
        return new Step(
                states.save(next, versioned.etag()),
                "job " + job.jobId() + " complete: " + parsed.events().size() + " events, " + parsed.errors()
                        + " invalid ids; result stored",
                false);
    }

    private Step storeResultsManifest(PassStateStore.Versioned versioned) {
        PassState pass = versioned.state();
        PassResults results = new PassResults(
                pass.passId(),
                pass.since(),
                pass.startedAt(),
                jobsOf(pass),
                pass.jobs().stream()
                        .map(j -> new PassResults.ResultFile(j.type(), j.jobId(), j.resultKey()))
                        .toList());
        putOrReplace(ComplianceKeys.resultsManifest(pass.passId()), Json.toPrettyBytes(results), "application/json");
        return new Step(
                states.save(pass.with(PassState.RESULTS_STORED, now()), versioned.etag()),
                "results of " + pass.jobs().size() + " jobs stored",
                false);
    }

    /** A request that was answered but whose state write was lost is repeated: the step's claim makes it once. */
    private Step requestApply(PassStateStore.Versioned versioned) {
        PassState pass = versioned.state();
        String stepId = apply.requestApply(pass.passId());
        return new Step(
                states.save(pass.applyRequested(stepId, now()), versioned.etag()),
                "apply step " + stepId + " requested",
                false);
    }

    private Step awaitRecord(PassStateStore.Versioned versioned) {
        PassState pass = versioned.state();
        Optional<StoredObject> stored = lake.get(ComplianceKeys.pass(pass.passId()));
        if (stored.isPresent()) {
            CompliancePass record =
                    Json.read(stored.get().content(), CompliancePass.class, ComplianceKeys.pass(pass.passId()));
            if (CompliancePass.APPLIED.equals(record.state())) {
                return new Step(
                        states.save(pass.with(PassState.APPLIED, now()), versioned.etag()),
                        "applied (pass record " + ComplianceKeys.pass(pass.passId()) + ")",
                        false);
            }
            return new Step(
                    states.save(pass.failed(record.error(), now()), versioned.etag()),
                    "the apply step failed: " + record.error(),
                    false);
        }
        Instant requested = Instant.parse(pass.applyRequestedAt());
        if (!clock.instant().isBefore(requested.plus(APPLY_TIMEOUT))) {
            return fail(
                    versioned,
                    "Cannot finish compliance pass " + pass.passId() + ": its apply step " + pass.applyStepId()
                            + " wrote no pass record within " + APPLY_TIMEOUT + "; see the step's log");
        }
        return new Step(versioned, null, true);
    }

    /**
     * Ends the pass failed: the failed pass record (unless the apply step wrote one), its working
     * files removed, then the state. Each part is repeatable, so a kill in between is finished by
     * the next invocation, which fails the same way.
     */
    private Step fail(PassStateStore.Versioned versioned, String error) {
        PassState pass = versioned.state();
        String recordKey = ComplianceKeys.pass(pass.passId());
        if (lake.get(recordKey).isEmpty()) {
            CompliancePass record = new CompliancePass(
                    pass.passId(),
                    pass.startedAt(),
                    now(),
                    pass.since(),
                    CompliancePass.FAILED,
                    jobsOf(pass),
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    error);
            putOrReplace(recordKey, Json.toPrettyBytes(record), "application/json");
        }
        removeWorkingFiles(pass);
        return new Step(states.save(pass.failed(error, now()), versioned.etag()), "failed: " + error, false);
    }

    private void removeWorkingFiles(PassState pass) {
        List<String> keys = new ArrayList<>();
        keys.add(ComplianceKeys.resultsManifest(pass.passId()));
        keys.add(ComplianceKeys.idsManifest(pass.passId()));
        pass.jobs().forEach(job -> {
            keys.add(job.idsKey());
            keys.add(ComplianceKeys.results(pass.passId(), job.type(), job.part()));
        });
        keys.forEach(key -> lake.get(key).ifPresent(stored -> lake.deleteIfMatch(key, stored.etag())));
    }

    private static List<CompliancePass.Job> jobsOf(PassState pass) {
        return pass.jobs().stream()
                .filter(j -> j.jobId() != null)
                .map(j -> new CompliancePass.Job(j.jobId(), j.type(), j.status(), j.ids(), j.events(), j.errors()))
                .toList();
    }

    private static JobState withStatus(JobState j, String status) {
        return new JobState(
                j.type(),
                j.part(),
                j.idsKey(),
                j.ids(),
                j.jobId(),
                status,
                j.createdAt(),
                j.resultKey(),
                j.events(),
                j.errors());
    }

    private void putOrReplace(String key, byte[] content, String contentType) {
        Optional<StoredObject> existing = lake.get(key);
        if (existing.isEmpty()) {
            lake.putIfAbsent(key, content, contentType, Map.of());
        } else if (!Arrays.equals(existing.get().content(), content)) {
            lake.replaceIfMatch(
                    key, content, contentType, Map.of(), existing.get().etag());
        }
    }

    private static List<String> lines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private String now() {
        return Timestamps.iso(clock.instant());
    }
}
