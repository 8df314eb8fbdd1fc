package dev.xlake.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.time.FakeTime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A submit handler wired for scheduled events only (no tick service), and how tests send it one. */
final class ScheduledEvents {

    static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(20);

    private ScheduledEvents() {}

    /** The handler's {@link JobSteps} claim in {@code claims} and submit through {@code submitter}. */
    static SubmitHandler handler(
            ClaimStore claims,
            JobStepSubmitter submitter,
            FakeTime clock,
            Supplier<String> claimTokens,
            String curatedUri) {
        ClaimedJobs claimed =
                new ClaimedJobs(new ClaimProtocol(claims, CLAIM_STALE_AFTER, clock, claimTokens), submitter);
        return new SubmitHandler(
                new SubmitHandler.Wiring(
                        null,
                        null,
                        Optional.empty(),
                        new ScheduledJobs(Optional.of(new JobSteps(claimed, curatedUri)), clock)),
                clock);
    }

    /** Invokes {@code handler} with {@code event} and 60 s left; returns its JSON answer. */
    static JsonNode invoke(SubmitHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray());
    }

    /** The fake EMR: records every step it accepted; a step is found by name as ListSteps would. */
    static final class RecordingJobs implements JobStepSubmitter {
        final List<JobStep> submitted = new ArrayList<>();
        RuntimeException nextFailure;

        @Override
        public synchronized String submit(JobStep step, Instant deadline) {
            if (nextFailure != null) {
                RuntimeException failure = nextFailure;
                nextFailure = null;
                throw failure;
            }
            submitted.add(step);
            return "s-" + submitted.size();
        }

        @Override
        public synchronized Optional<String> findSubmitted(JobStep step) {
            for (int i = 0; i < submitted.size(); i++) {
                if (submitted.get(i).name().equals(step.name())) {
                    return Optional.of("s-" + (i + 1));
                }
            }
            return Optional.empty();
        }
    }
}
