package dev.xlake.fetch;

import dev.xlake.s3.LocalS3;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link FetchScenarios} on LocalStack's S3 (AWS's conditional-write semantics). Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class FetchLocalStackIT extends FetchScenarios {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.localStack();

    FetchLocalStackIT() {
        super(S3);
    }
}
