package dev.xlake.submit;

import dev.xlake.s3.LocalS3;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link S3ClaimsContract} on LocalStack's S3 (conditional writes as AWS implements them). Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class SubmitLocalStackIT extends S3ClaimsContract {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.localStack();

    SubmitLocalStackIT() {
        super(() -> S3.storeIn(BUCKET));
    }
}
