package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.submit.SubmitFunction;
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
    void shouldBeNotifiedOnlyOfRunManifestsUnderRaw() {
        JsonNode notifications =
                synth.only("Custom::S3BucketNotifications").getValue().path("Properties");
        JsonNode configs = notifications.at("/NotificationConfiguration/LambdaFunctionConfigurations");
        assertThat(configs).hasSize(1);
        JsonNode config = configs.get(0);
        assertThat(config.path("Events").toString()).isEqualTo("[\"s3:ObjectCreated:*\"]");
        Map<String, String> rules = SynthesizedStack.listOf(config.at("/Filter/Key/FilterRules")).stream()
                .collect(Collectors.toMap(
                        r -> r.path("Name").asText(), r -> r.path("Value").asText()));
        assertThat(rules).isEqualTo(Map.of("prefix", "raw/", "suffix", "_manifest.json"));
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
    void shouldSubmitStepsOnlyToTheConverterCluster() {
        JsonNode emr = statements().stream()
                .filter(s -> s.path("Action").toString().contains("elasticmapreduce:"))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one EMR statement");
                })
                .orElseThrow();
        assertThat(SynthesizedStack.listOf(emr.path("Action")).stream().map(JsonNode::asText))
                .containsExactlyInAnyOrder(
                        "elasticmapreduce:AddJobFlowSteps",
                        "elasticmapreduce:ListSteps",
                        "elasticmapreduce:DescribeCluster");
        assertThat(emr.path("Resource").toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[\"arn:\",{\"Ref\":\"AWS::Partition\"},"
                        + "\":elasticmapreduce:eu-west-1:123456789012:cluster/\",{\"Ref\":\"" + cluster + "\"}]]}");
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
                        "\"s3:ListBucket\" on {\"Fn::GetAtt\":[\"" + bucket + "\",\"Arn\"]}");
    }

    private static List<JsonNode> statements() {
        return synth.statementsOfRole(synth.roleOf(SubmitFunction.HANDLER));
    }

    private static String alias() {
        return synth.ofFunction("AWS::Lambda::Alias", functionId).getKey();
    }
}
