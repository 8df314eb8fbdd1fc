package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.submit.SubmitFunction;
import dev.xlake.submit.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The S3-event submitter with the default context, where the stack creates the cluster. */
class SubmitFunctionTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final String functionId = synth.function(SubmitFunction.HANDLER).getKey();
    static final JsonNode function = synth.propertiesOf(functionId);
    static final String bucket = synth.lakeBucket();
    static final String cluster = synth.idOfOnly("AWS::EMR::Cluster");

    @Test
    void shouldBeNotifiedOnlyOfTickObjects() {
        JsonNode notifications =
                synth.only("Custom::S3BucketNotifications").getValue().path("Properties");
        JsonNode configs = notifications.at("/NotificationConfiguration/LambdaFunctionConfigurations");
        assertThat(configs).hasSize(1);
        JsonNode config = configs.get(0);
        assertThat(config.path("Events").toString()).isEqualTo("[\"s3:ObjectCreated:*\"]");
        Map<String, String> rules = SynthesizedStack.listOf(config.at("/Filter/Key/FilterRules")).stream()
                .collect(Collectors.toMap(
                        r -> r.path("Name").asText(), r -> r.path("Value").asText()));
        assertThat(rules).isEqualTo(Map.of("prefix", "raw/x/ticks/", "suffix", ".json"));
        assertThat(config.at("/LambdaFunctionArn/Ref").asText()).isEqualTo(alias());
        assertThat(notifications.at("/BucketName/Ref").asText()).isEqualTo(bucket);
    }

    @Test
    void shouldSendEventsItCannotHandleToADeadLetterQueue() {
        JsonNode invokeConfig = synth.ofFunction("AWS::Lambda::EventInvokeConfig", functionId)
                .getValue()
                .path("Properties");
        String destination = invokeConfig
                .at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0")
                .asText();
        assertThat(synth.resources("AWS::SQS::Queue")).containsKey(destination);
        assertThat(synth.statementsOfRole(synth.roleOf(SubmitFunction.HANDLER))).anySatisfy(statement -> {
            assertThat(statement.path("Action").toString()).contains("sqs:SendMessage");
            assertThat(statement.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(destination);
        });
        assertThat(invokeConfig.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
        assertThat(invokeConfig.at("/Qualifier").toString()).contains(alias());
    }

    @Test
    void shouldRunWithSnapStartAndJsonLogs() {
        assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(function.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
    }

    @Test
    void shouldSetTheEnvironmentTheSubmitConfigReads() {
        JsonNode env = function.at("/Environment/Variables");
        assertThat(env.path(EnvNames.BUCKET).path("Ref").asText()).isEqualTo(bucket);
        assertThat(env.path(EnvNames.EMR_CLUSTER_ID).path("Ref").asText()).isEqualTo(cluster);
        assertThat(env.path(EnvNames.CONVERTER_JAR).toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[\"s3://\",{\"Ref\":\"" + synth.artifactsBucket()
                        + "\"},\"/spark-convert-test.jar\"]]}");
        assertThat(env.path(EnvNames.CURATED_URI).toString()).contains("\"/curated\"");
        assertThat(env.path(EnvNames.QUARANTINE_URI).toString()).contains("\"/quarantine/convert\"");
        assertThat(env.path(EnvNames.SUBMIT_CLAIM_STALE_AFTER).asText()).isEqualTo("PT2M");
    }

    @Test
    void shouldSubmitStepsToTheConverterClusterAndToReplacementsTaggedWithTheStackOnly() {
        List<String> emr = statements().stream()
                .filter(st -> st.path("Action").toString().contains("elasticmapreduce:")
                        || st.path("Action").toString().contains("iam:"))
                .map(st -> st.path("Action") + " on " + st.path("Resource") + " if " + st.path("Condition"))
                .toList();
        String steps = "[\"elasticmapreduce:AddJobFlowSteps\",\"elasticmapreduce:ListSteps\","
                + "\"elasticmapreduce:DescribeCluster\"]";
        String clusterArn = "{\"Fn::Join\":[\"\",[\"arn:\",{\"Ref\":\"AWS::Partition\"},"
                + "\":elasticmapreduce:eu-west-1:123456789012:cluster/";
        JsonNode created = synth.only("AWS::EMR::Cluster").getValue().path("Properties");
        assertThat(emr)
                .containsExactlyInAnyOrder(
                        steps + " on " + clusterArn + "\",{\"Ref\":\"" + cluster + "\"}]]} if ",
                        steps + " on " + clusterArn + "*\"]]} if {\"StringEquals\":{\"aws:ResourceTag/xlake:stack\":"
                                + "\"" + SynthesizedStack.STACK_NAME + "\"}}",
                        "[\"elasticmapreduce:RunJobFlow\",\"elasticmapreduce:ListClusters\"] on \"*\" if ",
                        "\"iam:PassRole\" on [{\"Fn::GetAtt\":[\""
                                + created.at("/ServiceRole/Ref").asText() + "\",\"Arn\"]},{\"Fn::GetAtt\":[\""
                                + synth.instanceRole() + "\",\"Arn\"]}] if ");
        // The created cluster carries the tag that scopes those grants
        assertThat(created.path("Tags").toString())
                .contains("{\"Key\":\"xlake:stack\",\"Value\":\"" + SynthesizedStack.STACK_NAME + "\"}");
    }

    @Test
    void shouldPassTheCreatedClustersConfigurationForReplacements() throws Exception {
        JsonNode spec = function.at("/Environment/Variables/" + EnvNames.EMR_CLUSTER_SPEC + "/Fn::Join/1");
        String joined = SynthesizedStack.listOf(spec).stream()
                // Deploy-time values (Ref, GetAtt) sit inside the JSON's quotes
                .map(part -> part.isTextual() ? part.asText() : "deploy-time-value")
                .reduce("", String::concat);
        JsonNode created = synth.only("AWS::EMR::Cluster").getValue().path("Properties");
        ClusterSpec parsed = ClusterSpec.fromJson(joined);
        assertThat(parsed.releaseLabel()).isEqualTo(created.path("ReleaseLabel").asText());
        assertThat(parsed.name()).isEqualTo(created.path("Name").asText());
        assertThat(parsed.primaryInstanceType())
                .isEqualTo(created.at("/Instances/MasterInstanceGroup/InstanceType")
                        .asText());
        assertThat(parsed.coreInstanceType())
                .isEqualTo(
                        created.at("/Instances/CoreInstanceGroup/InstanceType").asText());
        assertThat(parsed.coreInstanceCount())
                .isEqualTo(
                        created.at("/Instances/CoreInstanceGroup/InstanceCount").asInt());
        assertThat(parsed.idleTimeoutSeconds())
                .isEqualTo(created.at("/AutoTerminationPolicy/IdleTimeout").asLong());
        assertThat(parsed.applications()).containsExactly("Spark");
        assertThat(parsed.configurations()).containsEntry("iceberg-defaults", Map.of("iceberg.enabled", "true"));
        assertThat(parsed.tags())
                .containsEntry("for-use-with-amazon-emr-managed-policies", "true")
                .containsEntry("xlake:stack", SynthesizedStack.STACK_NAME)
                .containsEntry("project", "xlake");
        // Role, profile, security configuration, subnet and log bucket are the created resources
        assertThat(spec.toString())
                .contains("{\"Ref\":\"" + created.at("/ServiceRole/Ref").asText() + "\"}")
                .contains("{\"Ref\":\"" + created.at("/JobFlowRole/Ref").asText() + "\"}")
                .contains(
                        "{\"Ref\":\"" + created.at("/SecurityConfiguration/Ref").asText() + "\"}")
                .contains(
                        "{\"Ref\":\"" + created.at("/Instances/Ec2SubnetId/Ref").asText() + "\"}")
                .contains("{\"Ref\":\"" + bucket + "\"}");
    }

    @Test
    void shouldTouchOnlyItsClaimsInTheBucket() {
        List<String> s3Grants = statements().stream()
                .filter(s -> s.path("Action").toString().contains("s3:"))
                .map(s -> s.path("Action") + " on " + s.path("Resource"))
                .toList();
        assertThat(s3Grants)
                .containsExactlyInAnyOrder(
                        "[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"] on "
                                + FetchFunctionTest.objects(bucket, "/state/submit/*"),
                        "\"s3:GetObject\" on " + FetchFunctionTest.objects(bucket, "/raw/x/ticks/*"),
                        "\"s3:ListBucket\" on {\"Fn::GetAtt\":[\"" + bucket + "\",\"Arn\"]}");
    }

    private static List<JsonNode> statements() {
        return synth.statementsOfRole(synth.roleOf(SubmitFunction.HANDLER));
    }

    private static String alias() {
        return synth.ofFunction("AWS::Lambda::Alias", functionId).getKey();
    }
}
