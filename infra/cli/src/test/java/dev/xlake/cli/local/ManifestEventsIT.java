package dev.xlake.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3embedded.EmbeddedS3;
import dev.xlake.submit.ManifestSubmitService;
import dev.xlake.submit.S3ClaimStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local S3 event delivery against the embedded S3 server: a manifest whose deliveries keep
 * failing is reported at the end of the run (issue 14 finding 10: a truncated claim file printed
 * "FAILED (retried next tick)" on every tick, yet the run exited 0).
 */
class ManifestEventsIT {

    private static final String BUCKET = "lake";
    private static final String RUN = "20261205T100000Z-0000aa";

    @Test
    void shouldReportAManifestWhoseClaimIsTruncatedUntilItIsDelivered() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                S3Client client = s3.newClient()) {
            // Given a run manifest whose claim object was cut short
            s3.createBucket(BUCKET);
            put(client, RawKeys.manifest("kpop", RUN), "{}");
            put(client, RawKeys.claim(RUN), "{\"run_id\":\"" + RUN);
            List<String> submitted = new ArrayList<>();
            S3ClaimStore claims = new S3ClaimStore(new S3ObjectStore(client, BUCKET));
            ManifestEvents events = new ManifestEvents(
                    client,
                    BUCKET,
                    new ManifestSubmitService(
                            claims,
                            (step, deadline) -> {
                                submitted.add(step.id());
                                return "step-1";
                            },
                            "s3://lake/curated",
                            "s3://lake/quarantine/convert",
                            Duration.ofMinutes(30)),
                    false);

            // When it is delivered on two ticks
            ManifestEvents.Deliveries first = events.deliverNew();
            ManifestEvents.Deliveries second = events.deliverNew();

            // Then both failed, and the manifest is still failing, with the claim named
            assertThat(first.failures()).hasSize(1);
            assertThat(second.failures()).hasSize(1);
            assertThat(events.stillFailing())
                    .containsOnlyKeys(RawKeys.manifest("kpop", RUN))
                    .hasValueSatisfying(new org.assertj.core.api.Condition<>(
                            message -> message.contains("Cannot read claim for run " + RUN), "names the claim"));
            assertThat(submitted).isEmpty();

            // When the claim is removed, the next delivery submits the run and nothing is failing
            client.deleteObject(b -> b.bucket(BUCKET).key(RawKeys.claim(RUN)));
            events.deliverNew();
            assertThat(submitted).containsExactly(RUN);
            assertThat(events.stillFailing()).isEmpty();
        }
    }

    private static void put(S3Client client, String key, String body) {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }
}
