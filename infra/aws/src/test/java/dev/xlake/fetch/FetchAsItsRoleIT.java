package dev.xlake.fetch;

import dev.xlake.infra.StackRoles;
import dev.xlake.infra.StackRoles.Role;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.S3ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fetch scenario ({@link FetchScenarios}: resumed runs, killed invocations, 429s, expired
 * checkpoints) on the embedded S3, with the function's S3 requests held to the IAM policy the
 * synthesized stack gives the fetch role. The test's own reads of the lake stay unchecked.
 */
class FetchAsItsRoleIT extends FetchScenarios {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    @RegisterExtension
    final StackRoles roles = StackRoles.ofDefaultStack();

    FetchAsItsRoleIT() {
        super(S3);
    }

    @Override
    @BeforeEach
    void start() {
        super.start();
        store = new S3ObjectStore(roles.s3As(Role.FETCH, s3, bucket), bucket);
    }
}
