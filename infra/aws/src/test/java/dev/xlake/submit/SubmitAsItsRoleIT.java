package dev.xlake.submit;

import dev.xlake.infra.StackRoles;
import dev.xlake.infra.StackRoles.Role;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link SubmitHandlerIT}'s scenarios (duplicate and concurrent deliveries) with the function's
 * S3 and EMR requests held to the IAM policy the synthesized stack gives the submit role.
 */
class SubmitAsItsRoleIT extends SubmitHandlerIT {

    @RegisterExtension
    final StackRoles roles = StackRoles.ofDefaultStack();

    @Override
    protected S3Client functionS3(S3Client client) {
        return roles.s3As(Role.SUBMIT, client, BUCKET);
    }

    @Override
    protected EmrClient functionEmr(EmrClient client) {
        return roles.emrAs(Role.SUBMIT, client, BUCKET, CLUSTER_ID);
    }
}
