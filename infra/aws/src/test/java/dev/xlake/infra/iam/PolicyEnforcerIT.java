package dev.xlake.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.s3embedded.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The enforcer on a real S3 protocol: refusals are 403s that never reach the server, and S3's missing-key rule. */
class PolicyEnforcerIT {

    static EmbeddedS3 server;
    static S3Client unchecked;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.builder().start();
        server.createBucket("lake");
        unchecked = server.newClient();
    }

    @AfterAll
    static void stop() {
        unchecked.close();
        server.close();
    }

    static S3Client clientAs(PolicyEnforcer enforcer) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(EmbeddedS3.REGION)
                .forcePathStyle(true)
                .credentialsProvider(unchecked.serviceClientConfiguration().credentialsProvider())
                .overrideConfiguration(c -> c.addExecutionInterceptor(enforcer))
                .build();
    }

    @Test
    void shouldAnswerARefusedWriteWith403WithoutReachingTheServer() {
        // Given a role that may only read raw/
        PolicyEnforcer enforcer = new PolicyEnforcer(
                RolePolicyTest.policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::lake/raw/*\"}"),
                "eu-west-1",
                "1");

        // When it writes
        try (S3Client s3 = clientAs(enforcer)) {
            assertThatThrownBy(() -> s3.putObject(r -> r.bucket("lake").key("raw/a"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }

        // Then the object does not exist and the refusal names the operation, the key and the role
        assertThat(unchecked.listObjectsV2(r -> r.bucket("lake")).contents()).isEmpty();
        assertThat(enforcer.refusals())
                .containsExactly("Role TestRole may not S3 PutObject key raw/a: s3:PutObject on "
                        + "arn:aws:s3:::lake/raw/a (implicit deny)");
    }

    @Test
    void shouldAnswerAMissingKeyWith403UnlessTheRoleMayListTheBucket() {
        String getRaw = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::lake/raw/*\"}";
        String list = "{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::lake\"}";
        PolicyEnforcer readOnly = new PolicyEnforcer(RolePolicyTest.policy(getRaw), "eu-west-1", "1");
        PolicyEnforcer readAndList = new PolicyEnforcer(RolePolicyTest.policy(getRaw, list), "eu-west-1", "1");

        try (S3Client withoutList = clientAs(readOnly);
                S3Client withList = clientAs(readAndList)) {
            assertThatThrownBy(() ->
                            withoutList.getObjectAsBytes(r -> r.bucket("lake").key("raw/missing")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() ->
                            withList.getObjectAsBytes(r -> r.bucket("lake").key("raw/missing")))
                    .isInstanceOf(NoSuchKeyException.class);
        }
        assertThat(readOnly.refusals()).singleElement().asString().contains("GetObject key raw/missing", "answers 403");
        assertThat(readAndList.refusals()).isEmpty();
    }
}
