package dev.xlake.infra.emr;

import dev.xlake.infra.nag.Acknowledged;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the submit function needs to replace the cluster this stack created when it is gone
 * (docs/submit.md "A cluster that comes back"): the cluster's configuration as the JSON the
 * function reads ({@code XLAKE_EMR_CLUSTER_SPEC}, from the same values as the
 * {@code AWS::EMR::Cluster}), and a policy of its own on the function's role.
 *
 * <p>The grants: {@code RunJobFlow} and {@code ListClusters} (neither takes a resource ARN),
 * {@code iam:PassRole} on the cluster's two roles only, so whatever cluster the function starts
 * runs with this stack's roles; and steps, step listing and description on clusters tagged
 * {@link #STACK_TAG} with this stack's name (a replacement's id is unknown at deploy time).
 *
 * @param specJson the value of {@code XLAKE_EMR_CLUSTER_SPEC}: a deploy-time token resolving to JSON
 * @param serviceRole the cluster's EMR service role
 * @param instanceRole the role of the cluster's instances
 */
public record ClusterReplacement(String specJson, IRole serviceRole, IRole instanceRole) {

    /** Carried by the created cluster and every replacement; scopes the submit role's cluster actions. */
    public static final String STACK_TAG = "xlake:stack";

    /** Lets {@code role} start, and then use, a replacement cluster. */
    public Policy grantReplacingTo(Construct scope, IRole role) {
        Stack stack = Stack.of(scope);
        String anyCluster = stack.formatArn(ArnComponents.builder()
                .service("elasticmapreduce")
                .resource("cluster")
                .resourceName("*")
                .build());
        Policy policy = Policy.Builder.create(scope, "ReplaceConverterCluster")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("StartReplacementCluster")
                                // ListClusters finds a cluster an abandoned replacement started.
                                .actions(List.of("elasticmapreduce:RunJobFlow", "elasticmapreduce:ListClusters"))
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("PassTheClusterRoles")
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(serviceRole.getRoleArn(), instanceRole.getRoleArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("SubmitToReplacementClusters")
                                .actions(List.of(
                                        "elasticmapreduce:AddJobFlowSteps",
                                        "elasticmapreduce:ListSteps",
                                        "elasticmapreduce:DescribeCluster"))
                                .resources(List.of(anyCluster))
                                .conditions(Map.of(
                                        "StringEquals", Map.of("aws:ResourceTag/" + STACK_TAG, stack.getStackName())))
                                .build()))
                .build();
        role.attachInlinePolicy(policy);
        Acknowledged.finding(
                policy,
                "AwsSolutions-IAM5",
                "Resource::*",
                "RunJobFlow and ListClusters take no resource ARN (the EMR service authorization reference lists"
                        + " no resource type for them); iam:PassRole beside them is limited to the cluster's own two"
                        + " roles");
        Acknowledged.wildcardResource(
                policy,
                anyCluster,
                "A replacement cluster's id is unknown at deploy time: its step actions go to cluster/* only"
                        + " when the cluster carries this stack's " + STACK_TAG + " tag (condition"
                        + " aws:ResourceTag)");
        return policy;
    }
}
