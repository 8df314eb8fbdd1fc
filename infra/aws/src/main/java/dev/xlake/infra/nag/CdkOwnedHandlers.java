package dev.xlake.infra.nag;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.constructs.IConstruct;

/**
 * The Lambda functions CDK adds to the stack on its own (the handler that configures the lake's
 * bucket notifications, the one that uploads the converter jar): their runtime, managed policy and
 * grants are CDK's, not xlake's, and change with the CDK version. Their findings are acknowledged
 * as they are, once every construct of the stack exists; xlake's own resources are not covered.
 */
public final class CdkOwnedHandlers {

    /** Construct ids CDK gives its singleton handlers at the top of the stack. */
    static final List<String> ID_PREFIXES = List.of("BucketNotificationsHandler", "Custom::CDKBucketDeployment");

    private static final String BASIC_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    private CdkOwnedHandlers() {}

    /** Call last in the stack's constructor: the handlers' policies are complete only then. */
    public static void acknowledge(Stack stack) {
        for (IConstruct child : stack.getNode().getChildren()) {
            String id = child.getNode().getId();
            if (ID_PREFIXES.stream().noneMatch(id::startsWith)) {
                continue;
            }
            String owner = "CDK's own handler " + id + " (created by aws-cdk-lib, not by xlake)";
            Acknowledged.finding(
                    child,
                    "AwsSolutions-IAM4",
                    BASIC_EXECUTION_ROLE,
                    owner + " logs through AWS's basic execution policy, as CDK configures it");
            Acknowledged.rule(
                    child,
                    "AwsSolutions-L1",
                    owner + " runs on the runtime the CDK version pins; upgrading aws-cdk-lib upgrades it");
            for (IConstruct construct : child.getNode().findAll()) {
                if (construct instanceof CfnPolicy policy) {
                    wildcards(stack.resolve(policy.getPolicyDocument()))
                            .forEach(finding -> Acknowledged.finding(
                                    child,
                                    "AwsSolutions-IAM5",
                                    finding,
                                    owner + " is granted this by CDK for the asset upload or notification it"
                                            + " manages; its scope is the buckets involved"));
                }
            }
        }
    }

    /** The IAM5 findings of a resolved policy document: wildcard actions and resources of Allow statements. */
    static List<String> wildcards(Object document) {
        if (!(document instanceof Map<?, ?> map) || !(map.get("Statement") instanceof List<?> statements)) {
            return List.of();
        }
        return statements.stream()
                .filter(s -> s instanceof Map<?, ?> st && "Allow".equals(st.get("Effect")))
                .flatMap(s -> {
                    Map<?, ?> st = (Map<?, ?>) s;
                    return java.util.stream.Stream.concat(
                            asList(st.get("Action")).stream()
                                    .map(Object::toString)
                                    .filter(a -> a.contains("*"))
                                    .map(a -> "Action::" + a),
                            asList(st.get("Resource")).stream()
                                    .map(Acknowledged::flatten)
                                    .filter(r -> r.contains("*"))
                                    .map(r -> "Resource::" + r));
                })
                .distinct()
                .toList();
    }

    private static Collection<?> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof Collection<?> c ? c : List.of(value);
    }
}
