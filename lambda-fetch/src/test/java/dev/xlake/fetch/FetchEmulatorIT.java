package dev.xlake.fetch;

import dev.xlake.s3.LocalS3;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FetchScenarios} on the embedded S3 (S3Proxy, in memory). */
class FetchEmulatorIT extends FetchScenarios {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    FetchEmulatorIT() {
        super(S3);
    }
}
