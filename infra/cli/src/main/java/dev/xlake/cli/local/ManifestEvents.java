package dev.xlake.cli.local;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.submit.ManifestSubmitService;
import dev.xlake.submit.SubmitOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 event notification of {@code xlake local}: after each tick, every run manifest not yet
 * delivered in this process is handed to the submit service, as the {@code raw/} +
 * {@code _manifest.json} event filter would. Manifests of earlier runs on the same data directory
 * are delivered again on the first tick (an at-least-once re-drive): their claims say
 * "already submitted" and nothing is submitted again. A run whose conversion never finished (its
 * step failed, or the process was killed with the step queued) is not re-submitted here: it is
 * not in the tables' ledgers, so the next conversion's catch-up converts it, as on AWS.
 *
 * <p>A delivery that fails stays undelivered and is retried on the next tick, as Lambda retries a
 * failed asynchronous invocation; one still failing at the end of the run makes the run fail
 * ({@link #stillFailing}), as the dead-letter queue would hold its event.
 */
final class ManifestEvents {

    /**
     * What one tick's deliveries did.
     *
     * @param duplicates deliveries answered "already submitted" or "in progress" by the claim
     * @param failures messages of deliveries that failed (retried next tick)
     */
    record Deliveries(int submitted, int duplicates, List<String> failures) {}

    private static final String RAW_PREFIX = "raw/x/recent-search/";
    /** How long a submission may retry; a local conversion is far quicker. */
    private static final Duration SUBMIT_DEADLINE = Duration.ofMinutes(30);

    private final S3Client s3;
    private final String bucket;
    private final ManifestSubmitService service;
    private final boolean duplicate;
    private final Set<String> delivered = new HashSet<>();
    /** Manifest key to the message of its latest failed delivery, while it keeps failing. */
    private final Map<String, String> failing = new TreeMap<>();

    ManifestEvents(S3Client s3, String bucket, ManifestSubmitService service, boolean duplicate) {
        this.s3 = s3;
        this.bucket = bucket;
        this.service = service;
        this.duplicate = duplicate;
    }

    Deliveries deliverNew() {
        int submitted = 0;
        int duplicates = 0;
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (ManifestRef manifest : undelivered()) {
            int failedBefore = failures.size();
            List<Optional<SubmitOutcome>> outcomes =
                    duplicate ? deliverThreeTimes(manifest, failures) : List.of(deliver(manifest, failures));
            if (outcomes.stream().allMatch(Optional::isEmpty) && failures.size() > failedBefore) {
                failing.put(manifest.key(), failures.get(failures.size() - 1));
            } else {
                failing.remove(manifest.key());
            }
            for (Optional<SubmitOutcome> outcome : outcomes) {
                if (outcome.isPresent() && outcome.get().status() == SubmitOutcome.Status.SUBMITTED) {
                    submitted++;
                } else if (outcome.isPresent()) {
                    duplicates++;
                }
            }
            // Done once some delivery submitted or found it submitted; otherwise retried next tick.
            if (outcomes.stream()
                    .flatMap(Optional::stream)
                    .anyMatch(o -> o.status() != SubmitOutcome.Status.IN_PROGRESS)) {
                delivered.add(manifest.key());
            }
        }
        return new Deliveries(submitted, duplicates, List.copyOf(failures));
    }

    /** Two deliveries at once, then a late third one: the claim must let exactly one through. */
    private List<Optional<SubmitOutcome>> deliverThreeTimes(ManifestRef manifest, List<String> failures) {
        CompletableFuture<Optional<SubmitOutcome>> first =
                CompletableFuture.supplyAsync(() -> deliver(manifest, failures));
        CompletableFuture<Optional<SubmitOutcome>> second =
                CompletableFuture.supplyAsync(() -> deliver(manifest, failures));
        List<Optional<SubmitOutcome>> outcomes = new ArrayList<>(List.of(first.join(), second.join()));
        outcomes.add(deliver(manifest, failures));
        return outcomes;
    }

    private Optional<SubmitOutcome> deliver(ManifestRef manifest, List<String> failures) {
        try {
            return Optional.of(service.submit(manifest, Instant.now().plus(SUBMIT_DEADLINE)));
        } catch (RuntimeException e) {
            failures.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** Manifest keys whose every delivery so far failed, with the latest failure's message. */
    Map<String, String> stillFailing() {
        return Map.copyOf(failing);
    }

    private List<ManifestRef> undelivered() {
        List<ManifestRef> manifests = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(RAW_PREFIX))
                .contents()) {
            if (!delivered.contains(object.key())) {
                RawKeys.parseManifest(bucket, object.key()).ifPresent(manifests::add);
            }
        }
        // Oldest run first, as events would mostly arrive.
        manifests.sort((a, b) -> a.runId().compareTo(b.runId()));
        return manifests;
    }
}
