package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.fetch.FetchFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduled poller with the default context: created secret, 15-minute schedule. */
class FetchFunctionTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final String functionId = synth.function(FetchFunction.HANDLER).getKey();
    static final JsonNode function = synth.propertiesOf(functionId);

    @Test
    void shouldRunTheFetchHandlerOnJavaWithSnapStartOnPublishedVersions() {
        assertThat(function.path("Runtime").asText()).isEqualTo("java25");
        assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(function.path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(function.path("Timeout").asInt()).isEqualTo(300);
    }

    @Test
    void shouldLogJson() {
        assertThat(function.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
        assertThat(function.at("/LoggingConfig/LogGroup/Ref").asText()).isNotEmpty();
    }

    @Test
    void shouldSetTheEnvironmentTheFetchConfigReads() {
        JsonNode env = function.at("/Environment/Variables");
        assertThat(env.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        EnvNames.BUCKET, EnvNames.QUERIES, EnvNames.X_BEARER_SECRET_ID, EnvNames.MAX_QUERY_WAIT);
        // The fetcher's own reader accepts the bound the stack's alarm uses.
        assertThat(FetchConfig.fromEnv(Map.of(
                                EnvNames.BUCKET,
                                "b",
                                EnvNames.QUERIES,
                                env.path(EnvNames.QUERIES).asText(),
                                EnvNames.X_BEARER_SECRET_ID,
                                "s",
                                EnvNames.MAX_QUERY_WAIT,
                                env.path(EnvNames.MAX_QUERY_WAIT).asText()))
                        .maxQueryWait())
                .isEqualTo(java.time.Duration.ofHours(24));
        String secretId = synth.only("AWS::SecretsManager::Secret").getKey();
        assertThat(env.path(EnvNames.X_BEARER_SECRET_ID).path("Ref").asText()).isEqualTo(secretId);
        // The fetcher's own parser accepts what the stack writes.
        assertThat(FetchConfig.parseQueries(env.path(EnvNames.QUERIES).asText()))
                .containsExactly(new QuerySpec("aws", "#aws -is:retweet"), new QuerySpec("kpop", "#kpop lang:en"));
    }

    @Test
    void shouldCreateTheSecretWithoutAnyValue() {
        JsonNode secret = synth.only("AWS::SecretsManager::Secret").getValue().path("Properties");
        assertThat(secret.has("SecretString")).isFalse();
        assertThat(secret.has("GenerateSecretString")).isFalse();
    }

    @Test
    void shouldLetOnlyTheFetchAndComplianceFunctionsReadTheSecret() {
        String secretId = synth.only("AWS::SecretsManager::Secret").getKey();
        List<String> readers = List.of(synth.roleOf(FetchFunction.HANDLER), synth.roleOf(ComplianceFunction.HANDLER));
        synth.resources("AWS::IAM::Policy").forEach((id, policy) -> {
            boolean mentionsSecret = policy.toString().contains("\"Ref\":\"" + secretId + "\"");
            boolean readerPolicy = readers.stream()
                    .anyMatch(role -> policy.at("/Properties/Roles").toString().contains(role));
            assertThat(mentionsSecret).as("policy %s mentions the secret", id).isEqualTo(readerPolicy);
        });
        for (String reader : readers) {
            assertThat(synth.statementsOfRole(reader)).anySatisfy(s -> {
                assertThat(SynthesizedStack.listOf(s.path("Action")).stream().map(JsonNode::asText))
                        .containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
                assertThat(s.at("/Resource/Ref").asText()).isEqualTo(secretId);
            });
        }
    }

    @Test
    void shouldDenyReadingTheCreatedSecretToEveryOtherPrincipal() {
        String secretId = synth.only("AWS::SecretsManager::Secret").getKey();
        JsonNode policy =
                synth.only("AWS::SecretsManager::ResourcePolicy").getValue().path("Properties");
        assertThat(policy.at("/SecretId/Ref").asText()).isEqualTo(secretId);
        assertThat(policy.at("/ResourcePolicy/Statement")).singleElement().satisfies(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
            assertThat(statement.path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(statement.at("/Principal/AWS").asText()).isEqualTo("*");
            List<String> admitted =
                    SynthesizedStack.listOf(statement.at("/Condition/StringNotEquals/aws:PrincipalArn")).stream()
                            .map(arn -> arn.at("/Fn::GetAtt/0").asText())
                            .toList();
            assertThat(admitted)
                    .containsExactly(synth.roleOf(FetchFunction.HANDLER), synth.roleOf(ComplianceFunction.HANDLER));
        });
    }

    @Test
    void shouldWriteOnlyUnderRawAndState() {
        List<JsonNode> statements = synth.statementsOfRole(synth.roleOf(FetchFunction.HANDLER));
        List<String> s3Grants = statements.stream()
                .filter(s -> s.path("Action").toString().contains("s3:"))
                .map(s -> s.path("Action") + " on " + s.path("Resource"))
                .toList();
        String bucket = synth.lakeBucket();
        assertThat(s3Grants)
                .containsExactlyInAnyOrder(
                        "[\"s3:GetObject\",\"s3:PutObject\"] on " + objects(bucket, "/raw/*"),
                        "[\"s3:GetObject\",\"s3:PutObject\"] on " + objects(bucket, "/state/x/*"),
                        "\"s3:ListBucket\" on {\"Fn::GetAtt\":[\"" + bucket + "\",\"Arn\"]}");
    }

    @Test
    void shouldInvokeTheAliasEveryFifteenMinutesWithoutRetries() {
        JsonNode schedule = synth.fetchSchedule();
        String alias = synth.ofFunction("AWS::Lambda::Alias", functionId).getKey();
        assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("rate(15 minutes)");
        assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
        assertThat(schedule.at("/Target/Arn/Ref").asText()).isEqualTo(alias);
        assertThat(schedule.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt())
                .isZero();
        assertThat(synth.resources("AWS::Events::Rule").values())
                .noneMatch(rule -> rule.at("/Properties/ScheduleExpression").isTextual());
    }

    @Test
    void shouldPublishAVersionBehindTheLiveAlias() {
        JsonNode alias =
                synth.ofFunction("AWS::Lambda::Alias", functionId).getValue().path("Properties");
        String version = alias.at("/FunctionVersion/Fn::GetAtt/0").asText();
        assertThat(alias.path("Name").asText()).isEqualTo("live");
        assertThat(synth.resources("AWS::Lambda::Version")
                        .get(version)
                        .at("/Properties/FunctionName/Ref")
                        .asText())
                .isEqualTo(functionId);
    }

    static String objects(String bucket, String suffix) {
        return "{\"Fn::Join\":[\"\",[{\"Fn::GetAtt\":[\"" + bucket + "\",\"Arn\"]},\"" + suffix + "\"]]}";
    }
}
