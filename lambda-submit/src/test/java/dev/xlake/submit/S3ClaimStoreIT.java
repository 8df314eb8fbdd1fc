package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.s3.LocalS3;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link S3ClaimsContract} on the embedded S3 server, through the client the Lambda uses: S3Proxy
 * 4.1 with the url-connection client was seen to drop a PUT's connection after applying it, so the
 * SDK's retry meets a 412 and the store must recognise its own write.
 */
class S3ClaimStoreIT extends S3ClaimsContract {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    S3ClaimStoreIT() {
        super(() -> S3.storeIn(BUCKET));
    }

    @RepeatedTest(20)
    void shouldOwnEveryClaimItWroteDespiteDroppedResponses() {
        Optional<String> created = claims.createIfAbsent(claim("mine"));
        Optional<String> replaced = claims.replaceIfMatch(
                claim("mine").withStep("s-1", Instant.parse("2026-11-25T20:15:06Z")), created.orElseThrow());

        assertThat(replaced).isPresent();
        assertThat(claims.deleteIfMatch(manifest.runId(), replaced.get())).isTrue();
    }
}
