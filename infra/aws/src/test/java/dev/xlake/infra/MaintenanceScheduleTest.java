package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.schedule.DailySubmitJob;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daily maintenance schedule: it invokes the submit function's live alias with the maintain job. */
class MaintenanceScheduleTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());

    JsonNode maintenanceSchedule() {
        return synth.only(
                        "AWS::Scheduler::Schedule",
                        s -> DailySubmitJob.MAINTAIN_CRON.equals(
                                s.at("/Properties/ScheduleExpression").asText()))
                .getValue()
                .path("Properties");
    }

    @Test
    void shouldInvokeTheSubmitFunctionsLiveAliasDailyWithTheMaintainJobAndItsScheduledTime() {
        JsonNode schedule = maintenanceSchedule();
        JsonNode target = schedule.path("Target");
        String submitFunction = synth.function(SubmitFunction.HANDLER).getKey();
        String alias = synth.ofFunction("AWS::Lambda::Alias", submitFunction).getKey();

        assertThat(schedule.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
        assertThat(target.at("/Arn/Ref").asText()).isEqualTo(alias);
        JsonNode input = SynthesizedStack.parse(target.path("Input").asText());
        assertThat(input.path("job").asText()).isEqualTo("maintain");
        assertThat(input.path("scheduled_time").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
        assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(3);
    }

    @Test
    void shouldLetTheSubmitRoleClaimTheDayAndAddTheStepAndNothingElse() {
        RolePolicy submit = DeployReadyTest.roles.policy(StackRoles.Role.SUBMIT, DeployReadyTest.BUCKET, "j-CLUSTER");

        assertThat(submit.decide("s3:PutObject", DeployReadyTest.object("state/submit/run=maintain-2026-12-05.json")))
                .isEqualTo(RolePolicy.Decision.ALLOWED);
        assertThat(submit.decide(
                        "elasticmapreduce:AddJobFlowSteps",
                        "arn:aws:elasticmapreduce:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT
                                + ":cluster/j-CLUSTER"))
                .isEqualTo(RolePolicy.Decision.ALLOWED);
        assertThat(submit.decide("s3:DeleteObject", DeployReadyTest.object("curated/xlake.db/tweets/data/f.parquet")))
                .isEqualTo(RolePolicy.Decision.IMPLICIT_DENY);
    }

    @Test
    void shouldLetTheConverterInstancesRewriteAndDeleteTableFilesForMaintenance() {
        RolePolicy instances =
                DeployReadyTest.roles.policy(StackRoles.Role.CONVERTER_INSTANCE, DeployReadyTest.BUCKET, "j-CLUSTER");
        String orphan = DeployReadyTest.object("curated/xlake.db/tweets/data/query=kpop/00000-orphan.parquet");

        assertThat(instances.decide("s3:DeleteObject", orphan)).isEqualTo(RolePolicy.Decision.ALLOWED);
        assertThat(instances.decide("s3:PutObject", orphan)).isEqualTo(RolePolicy.Decision.ALLOWED);
        assertThat(instances.decide(
                        "glue:UpdateTable",
                        "arn:aws:glue:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT
                                + ":table/xlake/tweets"))
                .isEqualTo(RolePolicy.Decision.ALLOWED);
    }
}
