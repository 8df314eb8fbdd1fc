package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.emr.ConverterCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EMR cluster the stack creates when no existing cluster id is configured. */
class ConverterClusterTest {

    static SynthesizedStack synth;
    static JsonNode cluster;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of(
                XlakeConfig.EMR_CORE_INSTANCE_TYPE, "r6g.xlarge",
                XlakeConfig.EMR_CORE_INSTANCE_COUNT, "3",
                XlakeConfig.EMR_IDLE_TIMEOUT_MINUTES, "45",
                XlakeConfig.EMR_SUBNET_ID, "subnet-0abc"));
        cluster = synth.only("AWS::EMR::Cluster").getValue().path("Properties");
    }

    @Test
    void shouldRunSparkOnEmr7AndTerminateWhenIdle() {
        assertThat(cluster.path("ReleaseLabel").asText()).startsWith("emr-7.");
        assertThat(cluster.path("Applications").toString()).isEqualTo("[{\"Name\":\"Spark\"}]");
        assertThat(cluster.at("/AutoTerminationPolicy/IdleTimeout").asLong()).isEqualTo(45 * 60);
        assertThat(cluster.at("/Instances/KeepJobFlowAliveWhenNoSteps").asBoolean())
                .isTrue();
    }

    @Test
    void shouldUseTheConfiguredInstancesAndSubnet() {
        assertThat(cluster.at("/Instances/CoreInstanceGroup/InstanceType").asText())
                .isEqualTo("r6g.xlarge");
        assertThat(cluster.at("/Instances/CoreInstanceGroup/InstanceCount").asInt())
                .isEqualTo(3);
        assertThat(cluster.at("/Instances/MasterInstanceGroup/InstanceType").asText())
                .isEqualTo("m5.xlarge");
        assertThat(cluster.at("/Instances/Ec2SubnetId").asText()).isEqualTo("subnet-0abc");
    }

    @Test
    void shouldCarryTheTagTheEmrManagedPolicyRequires() {
        assertThat(cluster.path("Tags").toString())
                .contains("{\"Key\":\"" + ConverterCluster.EMR_MANAGED_POLICY_TAG + "\",\"Value\":\"true\"}");
        assertThat(cluster.path("LogUri").toString()).contains("/logs/emr/");
    }

    @Test
    void shouldLetInstancesReadRawAndRewriteOnlyCuratedQuarantineCompliancePassesAndLogs() {
        String profile = cluster.at("/JobFlowRole/Ref").asText();
        String role = synth.resources("AWS::IAM::InstanceProfile")
                .get(profile)
                .at("/Properties/Roles/0/Ref")
                .asText();
        String bucket = synth.lakeBucket();
        List<String> grants = synth.statementsOfRole(role).stream()
                .filter(s -> s.path("Action").toString().contains("s3:"))
                .map(s -> s.path("Action") + " on " + s.path("Resource"))
                .toList();
        assertThat(grants)
                .containsExactlyInAnyOrder(
                        "\"s3:GetObject\" on " + FetchFunctionTest.objects(bucket, "/raw/*"),
                        "\"s3:GetObject\" on " + FetchFunctionTest.objects(synth.artifactsBucket(), "/*.jar"),
                        "\"s3:GetObject\" on [" + FetchFunctionTest.objects(bucket, "/curated") + ","
                                + FetchFunctionTest.objects(bucket, "/quarantine") + ","
                                + FetchFunctionTest.objects(bucket, "/state/x/compliance") + "]",
                        "[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"] on ["
                                + FetchFunctionTest.objects(bucket, "/curated_$folder$") + ","
                                + FetchFunctionTest.objects(bucket, "/quarantine_$folder$") + ","
                                + FetchFunctionTest.objects(bucket, "/state/x/compliance_$folder$") + "]",
                        "[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:AbortMultipartUpload\"] on "
                                + FetchFunctionTest.objects(bucket, "/state/x/compliance/*"),
                        "[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:AbortMultipartUpload\"] on ["
                                + FetchFunctionTest.objects(bucket, "/curated/*") + ","
                                + FetchFunctionTest.objects(bucket, "/quarantine/*") + "]",
                        "[\"s3:PutObject\",\"s3:AbortMultipartUpload\"] on "
                                + FetchFunctionTest.objects(bucket, "/logs/emr/*"),
                        "[\"s3:ListBucket\",\"s3:GetBucketLocation\"] on {\"Fn::GetAtt\":[\"" + bucket
                                + "\",\"Arn\"]}");
    }

    @Test
    void shouldPassOnlyItsOwnInstanceRole() {
        String serviceRole = cluster.at("/ServiceRole/Ref").asText();
        String profile = cluster.at("/JobFlowRole/Ref").asText();
        String instanceRole = synth.resources("AWS::IAM::InstanceProfile")
                .get(profile)
                .at("/Properties/Roles/0/Ref")
                .asText();
        assertThat(synth.statementsOfRole(serviceRole).stream()
                        .filter(s -> s.path("Action").toString().contains("iam:")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.path("Action").asText()).isEqualTo("iam:PassRole");
                    assertThat(s.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(instanceRole);
                });
        assertThat(synth.resources("AWS::IAM::Role")
                        .get(serviceRole)
                        .at("/Properties/ManagedPolicyArns")
                        .toString())
                .contains("service-role/AmazonEMRServicePolicy_v2");
    }
}
