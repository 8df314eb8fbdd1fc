package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.iam.RolePolicy.Decision;
import dev.xlake.infra.iam.TemplateValues;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The submit role's rights to replace the created cluster, decided by the policy evaluator the
 * {@code *AsItsRoleIT} tests use: start a cluster and pass exactly the cluster's two roles, and
 * nothing on another cluster without the stack's tag (a conditional grant counts for nothing
 * here, so only the unconditional grants are proved; the tag condition is checked in
 * {@code SubmitFunctionTest}).
 */
class ClusterReplacementPolicyTest {

    static final String CLUSTER_ID = "j-2AXXXXXXGAPLF";
    static final String IAM = "arn:aws:iam::" + SynthesizedStack.ACCOUNT + ":role/";
    static final String EMR =
            "arn:aws:elasticmapreduce:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT + ":cluster/";

    final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    final String serviceRoleId = synth.only("AWS::EMR::Cluster")
            .getValue()
            .at("/Properties/ServiceRole/Ref")
            .asText();

    RolePolicy submitRole() {
        Map<String, String> physical = new HashMap<>();
        physical.put(synth.lakeBucket(), "xlake-data");
        physical.put(synth.idOfOnly("AWS::EMR::Cluster"), CLUSTER_ID);
        physical.put(serviceRoleId, IAM + "emr-service");
        physical.put(synth.instanceRole(), IAM + "emr-instances");
        String role = synth.roleOf(SubmitFunction.HANDLER);
        return RolePolicy.of(
                role,
                synth.statementsOfRole(role),
                new TemplateValues(
                        synth.json.path("Resources"), physical, SynthesizedStack.REGION, SynthesizedStack.ACCOUNT));
    }

    @Test
    void shouldStartAReplacementWithTheClustersOwnRolesOnly() {
        RolePolicy policy = submitRole();

        assertThat(policy.decide("elasticmapreduce:RunJobFlow", "*")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("elasticmapreduce:ListClusters", "*")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("iam:PassRole", IAM + "emr-service")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("iam:PassRole", IAM + "emr-instances")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("iam:PassRole", IAM + "admin")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.decide("elasticmapreduce:TerminateJobFlows", EMR + CLUSTER_ID))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void shouldGiveNoUnconditionalRightOnAnyOtherCluster() {
        RolePolicy policy = submitRole();

        assertThat(policy.decide("elasticmapreduce:AddJobFlowSteps", EMR + CLUSTER_ID))
                .isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("elasticmapreduce:AddJobFlowSteps", EMR + "j-SOMEONEELSE"))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }
}
