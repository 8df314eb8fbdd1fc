package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.submit.SubmitFunction;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** Alarms and outputs with the default context: no alarm topic unless asked for. */
class OperationsTest {

    static SynthesizedStack synth;
    static Collection<JsonNode> alarms;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of());
        alarms = synth.resources("AWS::CloudWatch::Alarm").values();
    }

    @Test
    void shouldAlarmOnFetchErrorsAndThrottles() {
        String fetch = synth.function(FetchFunction.HANDLER).getKey();
        assertThat(alarmOn("AWS/Lambda", "Errors", "FunctionName", fetch)).isTrue();
        assertThat(alarmOn("AWS/Lambda", "Throttles", "FunctionName", fetch)).isTrue();
    }

    @Test
    void shouldAlarmWhenAQueryWaitsLongerThanTheBoundTheFetcherIsGiven() {
        // The alarm watches the metric the fetcher emits, for this function, above the bound it is configured with
        JsonNode fetch = synth.function(FetchFunction.HANDLER).getValue();
        String fetchId = synth.function(FetchFunction.HANDLER).getKey();
        JsonNode alarm = alarms.stream()
                .map(a -> a.path("Properties"))
                .filter(a -> XlakeMetric.MAX_QUERY_WAIT_SECONDS
                        .metricName()
                        .equals(a.path("MetricName").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(alarm.path("Namespace").asText()).isEqualTo(XlakeMetric.NAMESPACE);
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Maximum");
        assertThat(alarm.path("Period").asInt()).isEqualTo(15 * 60);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.path("Threshold").asLong()).isEqualTo(24 * 3600);
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(alarm.at("/Dimensions/0/Name").asText()).isEqualTo(XlakeMetric.FUNCTION_NAME_DIMENSION);
        assertThat(alarm.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(fetchId);
        String bound = fetch.at("/Properties/Environment/Variables/" + EnvNames.MAX_QUERY_WAIT)
                .asText();
        assertThat(Duration.parse(bound).toSeconds())
                .isEqualTo(alarm.path("Threshold").asLong());
    }

    @Test
    void shouldAlarmOnSubmitErrorsAndDeadLetters() {
        String submit = synth.function(SubmitFunction.HANDLER).getKey();
        assertThat(alarmOn("AWS/Lambda", "Errors", "FunctionName", submit)).isTrue();
        assertThat(alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "SubmitDeadLetters"))
                .isTrue();
    }

    @Test
    void shouldAlarmOnFailedConvertStepsOfTheCluster() {
        JsonNode rule = synth.only(
                        "AWS::Events::Rule",
                        r -> r.at("/Properties/EventPattern/source/0").asText().equals("aws.emr"))
                .getValue()
                .path("Properties");
        String cluster = synth.idOfOnly("AWS::EMR::Cluster");
        assertThat(rule.at("/EventPattern/detail-type/0").asText()).isEqualTo("EMR Step Status Change");
        assertThat(rule.at("/EventPattern/detail/state").toString()).isEqualTo("[\"FAILED\"]");
        // A created cluster may be replaced: the rule follows xlake's steps by name, not one cluster id
        assertThat(rule.at("/EventPattern/detail/name").toString()).isEqualTo("[{\"prefix\":\"xlake-\"}]");
        assertThat(rule.at("/EventPattern/detail").has("clusterId")).isFalse();
        assertThat(cluster).isNotEmpty();
        String queue = rule.at("/Targets/0/Arn/Fn::GetAtt/0").asText();
        assertThat(alarmOn("AWS/SQS", "NumberOfMessagesSent", "QueueName", queue))
                .isTrue();
    }

    @Test
    void shouldAlarmWhenAManifestWaitsLongerThanAnHourToBeConverted() {
        String submit = synth.function(SubmitFunction.HANDLER).getKey();
        JsonNode alarm = alarms.stream()
                .filter(a ->
                        a.at("/Properties/MetricName").asText().equals(XlakeMetric.CONVERSION_LAG_SECONDS.metricName()))
                .findFirst()
                .orElseThrow()
                .path("Properties");
        assertThat(alarm.path("Namespace").asText()).isEqualTo("xlake");
        assertThat(alarm.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(submit);
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Maximum");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(3600);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(SynthesizedStack.of(Map.of(XlakeConfig.MAX_CONVERSION_LAG_MINUTES, "90"))
                        .resources("AWS::CloudWatch::Alarm")
                        .values()
                        .stream()
                        .filter(a -> a.at("/Properties/MetricName")
                                .asText()
                                .equals(XlakeMetric.CONVERSION_LAG_SECONDS.metricName()))
                        .map(a -> a.at("/Properties/Threshold").asInt()))
                .containsExactly(5400);
    }

    @Test
    void shouldHaveNoAlarmTopicUnlessConfigured() {
        assertThat(synth.resources("AWS::SNS::Topic")).isEmpty();
        assertThat(alarms)
                .hasSize(9)
                .allSatisfy(a -> assertThat(a.at("/Properties/AlarmActions").isMissingNode())
                        .isTrue());
    }

    @Test
    void shouldOutputWhatTheOperatorNeeds() {
        assertThat(synth.json.path("Outputs").fieldNames())
                .toIterable()
                .contains(
                        "BucketName",
                        "BearerTokenSecretArn",
                        "FetchFunctionName",
                        "SubmitFunctionName",
                        "EmrClusterId",
                        "GlueDatabase",
                        "TweetsTable",
                        "UsersTable");
    }

    @Test
    void shouldSynthesizeWithoutCdkWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(synth.stack);
        annotations.hasNoWarning("*", Match.anyValue());
        annotations.hasNoError("*", Match.anyValue());
    }

    /** Whether an alarm watches this metric of the resource whose logical id starts with {@code resource}. */
    private static boolean alarmOn(String namespace, String metric, String dimension, String resource) {
        return alarms.stream()
                .map(a -> a.path("Properties"))
                .anyMatch(a -> namespace.equals(a.path("Namespace").asText())
                        && metric.equals(a.path("MetricName").asText())
                        && a.path("Threshold").asInt() == 1
                        && a.path("Dimensions").toString().contains("\"Name\":\"" + dimension + "\"")
                        && a.path("Dimensions").toString().contains(resource));
    }
}
