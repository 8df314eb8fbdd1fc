package dev.xlake.infra.nag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * A rule of the AWS Solutions checks (cdk-nag's {@code AwsSolutionsChecks}) that xlake
 * deliberately does not follow on one resource, with the reason. The acknowledgement is written
 * into the resource's template metadata ({@code cdk_nag.rules_to_suppress}), the format cdk-nag
 * reads, so a reviewer running their own checks on the synthesized template sees why; cdk-nag
 * itself is needed only by the tests that run the checks.
 */
public final class Acknowledged {

    private Acknowledged() {}

    /** Acknowledges {@code rule} (e.g. {@code AwsSolutions-IAM5}) on the construct's CloudFormation resource. */
    public static void rule(IConstruct construct, String rule, String reason) {
        CfnResource resource = construct instanceof CfnResource cfn
                ? cfn
                : (CfnResource) construct.getNode().getDefaultChild();
        if (resource == null) {
            throw new IllegalArgumentException(
                    "Cannot acknowledge " + rule + " on " + construct.getNode().getPath() + ": it has no resource");
        }
        Map<String, Object> suppression = new LinkedHashMap<>();
        suppression.put("id", rule);
        suppression.put("reason", reason);
        List<Object> rules = new ArrayList<>(existing(resource));
        rules.add(suppression);
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> existing(CfnResource resource) {
        Object nag = resource.getMetadata("cdk_nag");
        if (nag instanceof Map<?, ?> map && map.get("rules_to_suppress") instanceof List<?> list) {
            return (List<Object>) list;
        }
        return List.of();
    }
}
