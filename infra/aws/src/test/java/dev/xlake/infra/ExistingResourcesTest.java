package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Everything optional turned on: an existing cluster (and its instance role), an existing secret,
 * KMS encryption, raw expiry, a 5-minute schedule and an alarm e-mail.
 */
class ExistingResourcesTest {

    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:xlake/x-bearer-AbCdEf";

    static SynthesizedStack synth;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of(
                XlakeConfig.EMR_CLUSTER_ID, "j-2AXXXXXXGAPLF",
                XlakeConfig.EMR_INSTANCE_ROLE_NAME, "EMR_EC2_DefaultRole",
                XlakeConfig.BEARER_TOKEN_SECRET_ARN, SECRET_ARN,
                XlakeConfig.BUCKET_ENCRYPTION, "kms",
                XlakeConfig.RAW_EXPIRATION_DAYS, "400",
                XlakeConfig.FETCH_RATE_MINUTES, "5",
                XlakeConfig.FETCH_TIMEOUT_SECONDS, "240",
                XlakeConfig.ALARM_EMAIL, "ops@example.com"));
    }

    @Test
    void shouldSubmitToTheExistingClusterAndCreateNone() {
        assertThat(synth.resources("AWS::EMR::Cluster")).isEmpty();
        JsonNode env = synth.function(SubmitFunction.HANDLER).getValue().at("/Properties/Environment/Variables");
        assertThat(env.path(EnvNames.EMR_CLUSTER_ID).asText()).isEqualTo("j-2AXXXXXXGAPLF");
        List<JsonNode> statements = synth.statementsOfRole(synth.roleOf(SubmitFunction.HANDLER));
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.path("Action").toString()).contains("elasticmapreduce:AddJobFlowSteps");
            assertThat(s.path("Resource").toString())
                    .isEqualTo("{\"Fn::Join\":[\"\",[\"arn:\",{\"Ref\":\"AWS::Partition\"},"
                            + "\":elasticmapreduce:eu-west-1:123456789012:cluster/j-2AXXXXXXGAPLF\"]]}");
        });
        // Never replaced: no cluster spec, no right to start or pass roles to a cluster
        assertThat(env.has(EnvNames.EMR_CLUSTER_SPEC)).isFalse();
        assertThat(statements.toString()).doesNotContain("RunJobFlow", "iam:PassRole", "cluster/*");
        JsonNode rule = synth.only(
                        "AWS::Events::Rule",
                        r -> r.at("/Properties/EventPattern/source/0").asText().equals("aws.emr"))
                .getValue();
        assertThat(rule.at("/Properties/EventPattern/detail/clusterId/0").asText())
                .isEqualTo("j-2AXXXXXXGAPLF");
    }

    @Test
    void shouldGrantTheExistingInstanceRoleTheLake() {
        String statements = synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles/0").asText().equals("EMR_EC2_DefaultRole"))
                .map(p -> p.at("/Properties/PolicyDocument/Statement").toString())
                .reduce("", String::concat);
        assertThat(statements).contains("/raw/*", "/curated/*", "/quarantine/*", "/*.jar", "kms:Decrypt");
    }

    @Test
    void shouldReadTheReferencedSecretAndCreateNone() {
        assertThat(synth.resources("AWS::SecretsManager::Secret")).isEmpty();
        assertThat(synth.resources("AWS::SecretsManager::ResourcePolicy")).isEmpty();
        JsonNode env = synth.function(FetchFunction.HANDLER).getValue().at("/Properties/Environment/Variables");
        assertThat(env.path(EnvNames.X_BEARER_SECRET_ID).asText()).isEqualTo(SECRET_ARN);
        assertThat(synth.statementsOfRole(synth.roleOf(FetchFunction.HANDLER))).anySatisfy(s -> {
            assertThat(s.path("Action").toString()).contains("secretsmanager:GetSecretValue");
            assertThat(s.path("Resource").asText()).isEqualTo(SECRET_ARN);
        });
    }

    @Test
    void shouldEncryptWithARotatedKmsKeyAndLetTheFunctionsUseIt() {
        JsonNode bucket = synth.json.path("Resources").path(synth.lakeBucket()).path("Properties");
        String key = synth.only("AWS::KMS::Key").getKey();
        JsonNode sse = bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0");
        assertThat(sse.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
                .isEqualTo("aws:kms");
        assertThat(sse.at("/ServerSideEncryptionByDefault/KMSMasterKeyID/Fn::GetAtt/0")
                        .asText())
                .isEqualTo(key);
        assertThat(sse.path("BucketKeyEnabled").asBoolean()).isTrue();
        assertThat(synth.resources("AWS::KMS::Key")
                        .get(key)
                        .at("/Properties/EnableKeyRotation")
                        .asBoolean())
                .isTrue();
        for (String handler : List.of(FetchFunction.HANDLER, SubmitFunction.HANDLER)) {
            assertThat(synth.statementsOfRole(synth.roleOf(handler)))
                    .as(handler)
                    .anySatisfy(s -> {
                        assertThat(s.path("Action").toString()).isEqualTo("[\"kms:Decrypt\",\"kms:GenerateDataKey\"]");
                        assertThat(s.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(key);
                    });
        }
    }

    @Test
    void shouldExpireRawPagesWhenConfigured() {
        JsonNode bucket = synth.json.path("Resources").path(synth.lakeBucket());
        assertThat(bucket.at("/Properties/LifecycleConfiguration/Rules/0/Id").asText())
                .isEqualTo("raw-pages");
        assertThat(bucket.at("/Properties/LifecycleConfiguration/Rules/0/ExpirationInDays")
                        .asInt())
                .isEqualTo(400);
    }

    @Test
    void shouldRunOnTheConfiguredRate() {
        JsonNode schedule = synth.fetchSchedule();
        assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("rate(5 minutes)");
    }

    @Test
    void shouldMailAlarmsThroughATopic() {
        String topic = synth.only("AWS::SNS::Topic").getKey();
        JsonNode subscription = synth.only("AWS::SNS::Subscription").getValue().path("Properties");
        assertThat(subscription.path("Protocol").asText()).isEqualTo("email");
        assertThat(subscription.path("Endpoint").asText()).isEqualTo("ops@example.com");
        assertThat(synth.resources("AWS::CloudWatch::Alarm").values())
                .hasSize(9)
                .allSatisfy(alarm -> assertThat(
                                alarm.at("/Properties/AlarmActions/0/Ref").asText())
                        .isEqualTo(topic));
        assertThat(synth.json.path("Outputs").has("AlarmTopicArn")).isTrue();
    }
}
