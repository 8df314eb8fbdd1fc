package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The AWS Solutions findings xlake fixes rather than acknowledges (issue 12): server access logs
 * for the lake, an EMR security configuration that encrypts local disks with KMS, no deprecated
 * cluster property; and that every acknowledgement carries its reason in the template.
 */
class OperateSafelyTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());

    @Test
    void shouldLogLakeAccessesToAPrivateEncryptedExpiringBucket() {
        JsonNode lake = synth.propertiesOf(synth.lakeBucket());
        String logs = lake.at("/LoggingConfiguration/DestinationBucketName/Ref").asText();
        JsonNode logBucket = synth.propertiesOf(logs);

        assertThat(lake.at("/LoggingConfiguration/LogFilePrefix").asText()).isEqualTo("lake/");
        assertThat(logBucket
                        .at(
                                "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                        .asText())
                .isEqualTo("AES256");
        assertThat(logBucket
                        .at("/PublicAccessBlockConfiguration/RestrictPublicBuckets")
                        .asBoolean())
                .isTrue();
        assertThat(logBucket
                        .at("/LifecycleConfiguration/Rules/0/ExpirationInDays")
                        .asInt())
                .isEqualTo(DataLakeBucket.ACCESS_LOG_DAYS);
        assertThat(synth.resources("AWS::S3::BucketPolicy").values()).anySatisfy(policy -> {
            assertThat(policy.at("/Properties/Bucket/Ref").asText()).isEqualTo(logs);
            assertThat(policy.at("/Properties/PolicyDocument").toString()).contains("aws:SecureTransport");
        });
        assertThat(synth.propertiesOf(synth.artifactsBucket())
                        .at("/LoggingConfiguration/DestinationBucketName/Ref")
                        .asText())
                .isEqualTo(logs);
    }

    @Test
    void shouldEncryptTheClustersLocalDisksWithKms() {
        JsonNode cluster = synth.only("AWS::EMR::Cluster").getValue().path("Properties");
        String configuration = cluster.at("/SecurityConfiguration/Ref").asText();
        JsonNode encryption = synth.propertiesOf(configuration).at("/SecurityConfiguration/EncryptionConfiguration");
        JsonNode localDisks = encryption.at("/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration");

        assertThat(encryption.path("EnableAtRestEncryption").asBoolean()).isTrue();
        assertThat(localDisks.path("EncryptionKeyProviderType").asText()).isEqualTo("AwsKms");
        assertThat(localDisks.path("EnableEbsEncryption").asBoolean()).isTrue();
        String key = localDisks.at("/AwsKmsKey/Fn::GetAtt/0").asText();
        assertThat(synth.propertiesOf(key).path("EnableKeyRotation").asBoolean())
                .isTrue();
        assertThat(encryption
                        .at("/AtRestEncryptionConfiguration/S3EncryptionConfiguration/EncryptionMode")
                        .asText())
                .isEqualTo("SSE-S3");
        assertThat(cluster.has("VisibleToAllUsers")).isFalse();
    }

    @Test
    void shouldLogTheOwnVpcsRejectedTrafficToTheAccessLogBucket() {
        JsonNode flowLog = synth.only("AWS::EC2::FlowLog").getValue().path("Properties");
        String logs = synth.propertiesOf(synth.lakeBucket())
                .at("/LoggingConfiguration/DestinationBucketName/Ref")
                .asText();

        assertThat(flowLog.path("TrafficType").asText()).isEqualTo("REJECT");
        assertThat(flowLog.path("LogDestinationType").asText()).isEqualTo("s3");
        assertThat(flowLog.path("LogDestination").toString()).contains(logs, "vpc-flow-logs/");
        assertThat(SynthesizedStack.of(Map.of(XlakeConfig.EMR_SUBNET_ID, "subnet-0abc"))
                        .resources("AWS::EC2::FlowLog"))
                .isEmpty();
    }

    @Test
    void shouldGiveEveryAcknowledgementAReason() {
        synth.json
                .path("Resources")
                .fields()
                .forEachRemaining(resource -> resource.getValue()
                        .at("/Metadata/cdk_nag/rules_to_suppress")
                        .forEach(rule -> assertThat(rule.path("reason").asText())
                                .as(resource.getKey() + " " + rule.path("id").asText())
                                .hasSizeGreaterThan(40)));
        assertThat(synth.text()).contains("AwsSolutions-EMR5", "AwsSolutions-S1");
    }
}
