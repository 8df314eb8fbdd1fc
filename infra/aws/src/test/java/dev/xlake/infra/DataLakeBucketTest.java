package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

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
    void shouldExpireRawPagesAfterThirtyDaysWithoutAnInfrequentAccessTransitionByDefault() {
        JsonNode raw = rule("raw-pages");
        assertThat(raw.path("Prefix").asText()).isEqualTo("raw/");
        assertThat(raw.path("ExpirationInDays").asInt()).isEqualTo(30);
        // IA bills 30 days at least: a page moved there and expired before then would cost more
        assertThat(raw.has("Transitions")).isFalse();
    }

    @Test
    void shouldMoveRawPagesToInfrequentAccessOnlyWhenTheyStayThereItsMinimumDuration() {
        JsonNode kept59 = rawRule(Map.of(XlakeConfig.RAW_EXPIRATION_DAYS, "59"));
        assertThat(kept59.path("ExpirationInDays").asInt()).isEqualTo(59);
        assertThat(kept59.has("Transitions")).isFalse();

        JsonNode kept60 = rawRule(Map.of(XlakeConfig.RAW_EXPIRATION_DAYS, "60"));
        assertThat(kept60.path("ExpirationInDays").asInt()).isEqualTo(60);
        assertThat(kept60.at("/Transitions/0/StorageClass").asText()).isEqualTo("STANDARD_IA");
        assertThat(kept60.at("/Transitions/0/TransitionInDays").asInt()).isEqualTo(30);

        JsonNode later = rawRule(Map.of(
                XlakeConfig.RAW_EXPIRATION_DAYS, "365",
                XlakeConfig.RAW_TRANSITION_DAYS, "90"));
        assertThat(later.at("/Transitions/0/TransitionInDays").asInt()).isEqualTo(90);
        assertThat(rawRule(Map.of(
                                XlakeConfig.RAW_EXPIRATION_DAYS, "100",
                                XlakeConfig.RAW_TRANSITION_DAYS, "90"))
                        .has("Transitions"))
                .isFalse();
    }

    /** The raw-pages rule of a bucket alone in a stack, configured by {@code context}. */
    private static JsonNode rawRule(Map<String, Object> context) {
        Map<String, Object> withQuery = new HashMap<>(context);
        withQuery.put(XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}");
        XlakeConfig config = XlakeConfig.fromContext(withQuery::get, XlakeConfigTest.JARS);
        Stack stack = new Stack(new App(), "Bucket");
        // as XlakeStack: access logs delivered under a bucket policy
        stack.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        new DataLakeBucket(stack, "Lake", config);
        JsonNode resources = new ObjectMapper()
                .valueToTree(Template.fromStack(stack).toJSON())
                .path("Resources");
        for (JsonNode resource : resources) {
            for (JsonNode rule : resource.at("/Properties/LifecycleConfiguration/Rules")) {
                if (rule.path("Id").asText().equals("raw-pages")) {
                    return rule;
                }
            }
        }
        throw new AssertionError("No raw-pages rule");
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
