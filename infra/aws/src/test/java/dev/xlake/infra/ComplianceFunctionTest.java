package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.config.ComplianceConfig;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.schedule.DailySubmitJob;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compliance pass on AWS (docs/compliance.md): the function from the fetch jar, its 5-minute
 * schedule, the daily ids job on the submit alias, the alarms, and what its role and the EMR
 * instances may do under state/x/compliance/.
 */
class ComplianceFunctionTest {

    static final SynthesizedStack synth = DeployReadyTest.synth;
    static final String BUCKET = DeployReadyTest.BUCKET;

    final Map.Entry<String, JsonNode> function = synth.function(ComplianceFunction.HANDLER);
    final JsonNode properties = function.getValue().path("Properties");

    @Test
    void shouldRunTheComplianceHandlerFromTheFetchJarWithSnapStartBehindTheLiveAlias() {
        JsonNode fetch = synth.function(FetchFunction.HANDLER).getValue().path("Properties");
        assertThat(properties.path("Code")).isEqualTo(fetch.path("Code"));
        assertThat(properties.path("Runtime").asText())
                .isEqualTo(fetch.path("Runtime").asText());
        assertThat(properties.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(properties.path("MemorySize").asInt()).isEqualTo(2048);
        assertThat(properties.path("Timeout").asInt()).isEqualTo(900);
        assertThat(synth.ofFunction("AWS::Lambda::Alias", function.getKey())
                        .getValue()
                        .at("/Properties/Name")
                        .asText())
                .isEqualTo("live");
    }

    @Test
    void shouldSetAnEnvironmentTheHandlersConfigAccepts() {
        JsonNode env = properties.at("/Environment/Variables");
        String submitAlias = synth.ofFunction(
                        "AWS::Lambda::Alias",
                        synth.function(SubmitFunction.HANDLER).getKey())
                .getKey();
        String secret = synth.only("AWS::SecretsManager::Secret").getKey();

        assertThat(env.path(EnvNames.BUCKET).path("Ref").asText()).isEqualTo(synth.lakeBucket());
        assertThat(env.path(EnvNames.X_BEARER_SECRET_ID).path("Ref").asText()).isEqualTo(secret);
        assertThat(env.path(EnvNames.SUBMIT_FUNCTION).path("Ref").asText()).isEqualTo(submitAlias);
        // The handler's own validation accepts what the stack sets (tokens stand in for the ARNs).
        Map<String, String> resolved = new HashMap<>();
        env.fields()
                .forEachRemaining(e -> resolved.put(
                        e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : "x"));
        ComplianceConfig config = ComplianceConfig.fromEnv(resolved);
        assertThat(config.httpTimeout().toSeconds()).isEqualTo(ComplianceFunction.HTTP_TIMEOUT_SECONDS);
        assertThat(config.maxJobWait()).isEqualTo(ComplianceConfig.DEFAULT_MAX_JOB_WAIT);
    }

    @Test
    void shouldAdvanceThePassEveryFiveMinutesWithoutRetries() {
        JsonNode schedule = synth.scheduleOf(ComplianceFunction.HANDLER);
        assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("rate(5 minutes)");
        assertThat(schedule.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt())
                .isZero();
        assertThat(schedule.at("/Target/RetryPolicy/MaximumEventAgeInSeconds").asInt())
                .isEqualTo(300);
    }

    @Test
    void shouldAskTheSubmitAliasForTheIdsStepDailyBeforeMaintenance() {
        JsonNode schedule = synth.only(
                        "AWS::Scheduler::Schedule",
                        s -> DailySubmitJob.COMPLIANCE_IDS_CRON.equals(
                                s.at("/Properties/ScheduleExpression").asText()))
                .getValue()
                .path("Properties");
        String submitAlias = synth.ofFunction(
                        "AWS::Lambda::Alias",
                        synth.function(SubmitFunction.HANDLER).getKey())
                .getKey();

        assertThat(schedule.at("/Target/Arn/Ref").asText()).isEqualTo(submitAlias);
        JsonNode input = SynthesizedStack.parse(schedule.at("/Target/Input").asText());
        assertThat(input.path("job").asText()).isEqualTo("compliance-ids");
        assertThat(input.path("scheduled_time").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
        assertThat(schedule.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt())
                .isEqualTo(3);
        assertThat(hourOf(DailySubmitJob.COMPLIANCE_IDS_CRON)).isLessThan(hourOf(DailySubmitJob.MAINTAIN_CRON));
    }

    @Test
    void shouldAlarmOnAFailedPassAndOnTwoDaysWithoutAnAppliedOne() {
        String functionId = function.getKey();
        Map<String, JsonNode> alarms = new HashMap<>();
        synth.resources("AWS::CloudWatch::Alarm")
                .values()
                .forEach(a -> alarms.put(a.at("/Properties/MetricName").asText(), a.path("Properties")));

        JsonNode failed = alarms.get(XlakeMetric.COMPLIANCE_FAILED_PASSES.metricName());
        assertThat(failed.path("Namespace").asText()).isEqualTo(XlakeMetric.NAMESPACE);
        assertThat(failed.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(functionId);
        assertThat(failed.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(failed.path("Threshold").asDouble()).isEqualTo(1);
        assertThat(failed.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(failed.path("TreatMissingData").asText()).isEqualTo("notBreaching");

        JsonNode notApplied = alarms.get(XlakeMetric.COMPLIANCE_APPLIED_PASSES.metricName());
        assertThat(notApplied.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(functionId);
        assertThat(notApplied.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(notApplied.path("Period").asInt()
                        * notApplied.path("EvaluationPeriods").asInt())
                .isEqualTo(48 * 3600);
        assertThat(notApplied.path("DatapointsToAlarm").asInt())
                .isEqualTo(notApplied.path("EvaluationPeriods").asInt());
        assertThat(notApplied.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(notApplied.path("Threshold").asDouble()).isEqualTo(1);
        // The metric is emitted only when a pass ends: no data for two days is no applied pass.
        assertThat(notApplied.path("TreatMissingData").asText()).isEqualTo("breaching");
    }

    @Test
    void shouldLetTheComplianceRoleKeepPassesReadTheTokenAndInvokeOnlyTheSubmitAlias() {
        RolePolicy compliance = DeployReadyTest.roles.policy(StackRoles.Role.COMPLIANCE, BUCKET, "j-CLUSTER");

        assertThat(decisions(
                        compliance,
                        "state/x/compliance/current.json",
                        "state/x/queries/kpop/checkpoint.json",
                        "raw/x/kpop/page-00001.json.gz",
                        "curated/xlake/tweets/data/f.parquet"))
                .containsExactly(
                        "state/x/compliance/current.json: ALLOWED ALLOWED ALLOWED",
                        "state/x/queries/kpop/checkpoint.json: IMPLICIT_DENY IMPLICIT_DENY IMPLICIT_DENY",
                        "raw/x/kpop/page-00001.json.gz: IMPLICIT_DENY IMPLICIT_DENY IMPLICIT_DENY",
                        "curated/xlake/tweets/data/f.parquet: IMPLICIT_DENY IMPLICIT_DENY IMPLICIT_DENY");

        String submitAlias = synth.ofFunction(
                        "AWS::Lambda::Alias",
                        synth.function(SubmitFunction.HANDLER).getKey())
                .getKey();
        List<JsonNode> invokes = synth.statementsOfRole(synth.roleOf(ComplianceFunction.HANDLER)).stream()
                .filter(s -> s.path("Action").toString().contains("lambda:"))
                .toList();
        assertThat(invokes).singleElement().satisfies(s -> {
            assertThat(s.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(SynthesizedStack.listOf(s.path("Resource")))
                    .singleElement()
                    .satisfies(r -> assertThat(r.path("Ref").asText()).isEqualTo(submitAlias));
        });
    }

    @Test
    void shouldLetTheEmrInstancesWriteReadAndRemoveCompliancePassFilesOnly() {
        RolePolicy instances = DeployReadyTest.roles.policy(StackRoles.Role.CONVERTER_INSTANCE, BUCKET, "j-CLUSTER");

        assertThat(decisions(
                        instances,
                        "state/x/compliance/pass=20261205T000000Z-000000/ids-tweets-0.txt",
                        "state/x/queries/kpop/checkpoint.json",
                        "state/submit/run=x.json"))
                .containsExactly(
                        "state/x/compliance/pass=20261205T000000Z-000000/ids-tweets-0.txt: ALLOWED ALLOWED ALLOWED",
                        "state/x/queries/kpop/checkpoint.json: IMPLICIT_DENY IMPLICIT_DENY IMPLICIT_DENY",
                        "state/submit/run=x.json: IMPLICIT_DENY IMPLICIT_DENY IMPLICIT_DENY");
    }

    /** Per key of the lake: what the role may do for s3:GetObject, s3:PutObject and s3:DeleteObject. */
    private static List<String> decisions(RolePolicy role, String... keys) {
        return java.util.Arrays.stream(keys)
                .map(key -> key + ":"
                        + Stream.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
                                .map(action -> " " + role.decide(action, DeployReadyTest.object(key)))
                                .collect(Collectors.joining()))
                .toList();
    }

    private static int hourOf(String cron) {
        return Integer.parseInt(cron.split(" ")[1]);
    }
}
