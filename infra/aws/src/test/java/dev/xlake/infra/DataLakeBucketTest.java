package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The data-lake bucket with the default context: S3-managed encryption, default lifecycle. */
class DataLakeBucketTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final JsonNode bucket = synth.json.path("Resources").path(synth.lakeBucket());

    @Test
    void shouldBlockAllPublicAccess() {
        assertThat(bucket.at("/Properties/PublicAccessBlockConfiguration"))
                .isEqualTo(
                        SynthesizedStack.parse(
                                "{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,\"RestrictPublicBuckets\":true}"));
    }

    @Test
    void shouldDenyRequestsWithoutTls() {
        synth.template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Action",
                                        "s3:*",
                                        "Principal",
                                        Map.of("AWS", "*"),
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void shouldEncryptWithS3ManagedKeysByDefault() {
        assertThat(bucket.at(
                                "/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                        .asText())
                .isEqualTo("AES256");
        assertThat(synth.resources("AWS::KMS::Key").keySet()).noneMatch(id -> id.startsWith("Lake"));
    }

    @Test
    void shouldKeepVersionsAndSurviveStackDeletion() {
        assertThat(bucket.at("/Properties/VersioningConfiguration/Status").asText())
                .isEqualTo("Enabled");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void shouldMoveRawPagesToInfrequentAccessAndKeepThemByDefault() {
        JsonNode raw = rule("raw-pages");
        assertThat(raw.path("Prefix").asText()).isEqualTo("raw/");
        assertThat(raw.at("/Transitions/0/StorageClass").asText()).isEqualTo("STANDARD_IA");
        assertThat(raw.at("/Transitions/0/TransitionInDays").asInt()).isEqualTo(30);
        assertThat(raw.has("ExpirationInDays")).isFalse();
    }

    @Test
    void shouldExpireQuarantineAndOldVersions() {
        JsonNode quarantine = rule("quarantine");
        assertThat(quarantine.path("Prefix").asText()).isEqualTo("quarantine/");
        assertThat(quarantine.path("ExpirationInDays").asInt()).isEqualTo(90);
        JsonNode versions = rule("noncurrent-versions");
        assertThat(versions.path("NoncurrentVersionExpiration")
                        .path("NoncurrentDays")
                        .asInt())
                .isEqualTo(30);
        assertThat(versions.path("AbortIncompleteMultipartUpload")
                        .path("DaysAfterInitiation")
                        .asInt())
                .isEqualTo(7);
    }

    @Test
    void shouldKeepNoStagingRuleNowThatTheIcebergTablesHaveNoStagingFolder() {
        // a killed conversion's data files are orphans inside the tables, removed by xlake maintain
        assertThat(bucket.at("/Properties/LifecycleConfiguration/Rules"))
                .isNotEmpty()
                .noneMatch(rule -> rule.path("Prefix").asText().contains("_xlake_staging"));
    }

    @Test
    void shouldUploadTheConverterJarToItsOwnBucketWithoutPruning() {
        synth.template.hasResourceProperties(
                "Custom::CDKBucketDeployment",
                Match.objectLike(Map.of(
                        "DestinationBucketName", Map.of("Ref", synth.artifactsBucket()),
                        "Prune", false,
                        "RetainOnDelete", true)));
    }

    private static JsonNode rule(String id) {
        for (JsonNode rule : bucket.at("/Properties/LifecycleConfiguration/Rules")) {
            if (id.equals(rule.path("Id").asText())) {
                assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
                return rule;
            }
        }
        throw new AssertionError("No lifecycle rule " + id + " in " + bucket);
    }
}
