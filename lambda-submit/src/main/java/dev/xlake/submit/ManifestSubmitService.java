package dev.xlake.submit;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.manifest.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts exactly one convert step per tick (AWS) or per run manifest ({@code xlake local}), however
 * often its event is delivered: each is claimed first ({@link ClaimProtocol}, docs/submit.md).
 *
 * <p>Used by the S3-event Lambda with {@link EmrStepSubmitter} and by {@code xlake local} with a
 * local Spark submitter.
 */
public final class ManifestSubmitService {

    private final ClaimProtocol protocol;
    private final StepSubmitter submitter;
    private final String curatedUri;
    private final String quarantineUri;

    /**
     * @param curatedUri the converter's {@code --output}, e.g. {@code s3://<bucket>/curated}
     * @param quarantineUri the converter's {@code --quarantine}, e.g. {@code s3://<bucket>/quarantine/convert}
     *        (the converter adds {@code run=<runId>/} itself)
     * @param claimStaleAfter age after which a claim without step id may be taken over
     */
    public ManifestSubmitService(
            ClaimStore claims,
            StepSubmitter submitter,
            String curatedUri,
            String quarantineUri,
            Duration claimStaleAfter) {
        this(ClaimProtocol.withRandomTokens(claims, claimStaleAfter), submitter, curatedUri, quarantineUri);
    }

    /** With the claim protocol's clock and tokens given (tests pin them). */
    ManifestSubmitService(ClaimProtocol protocol, StepSubmitter submitter, String curatedUri, String quarantineUri) {
        this.protocol = protocol;
        this.submitter = submitter;
        this.curatedUri = curatedUri;
        this.quarantineUri = quarantineUri;
    }

    public ConvertStep stepFor(ManifestRef manifest) {
        return ConvertStep.ofRun(manifest, curatedUri, quarantineUri);
    }

    /**
     * Claims the manifest's run and submits its convert step, unless a delivery before did.
     *
     * @param deadline passed to the submitter's retries; the claim bookkeeping needs the time after it
     * @throws StepSubmissionException if the step could not be submitted (the claim is then released,
     *         or kept when the submitter cannot tell whether the step was added)
     */
    public SubmitOutcome submit(ManifestRef manifest, Instant deadline) {
        return submit(stepFor(manifest), manifest.uri(), deadline);
    }

    /**
     * Claims the tick and submits one convert step for all its manifests, unless a delivery before
     * did. The claim store must key claims by tick ({@link S3ClaimStore#forTicks}).
     *
     * @param tickUri {@code s3://<bucket>/<tick key>}, recorded in the claim
     */
    public SubmitOutcome submit(Tick tick, String bucket, String tickUri, Instant deadline) {
        List<String> manifests = tick.manifests().stream()
                .map(key -> "s3://" + bucket + "/" + key)
                .toList();
        return submit(ConvertStep.ofTick(tick.tickId(), manifests, curatedUri, quarantineUri), tickUri, deadline);
    }

    private SubmitOutcome submit(ConvertStep step, String sourceUri, Instant deadline) {
        return protocol.submit(
                new ClaimProtocol.Claimable(
                        step.id(),
                        step.subject(),
                        "the convert step for " + step.subject(),
                        at -> submitter.submit(step, at),
                        () -> submitter.findSubmitted(step)),
                sourceUri,
                deadline);
    }
}
