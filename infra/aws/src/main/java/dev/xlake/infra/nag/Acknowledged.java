package dev.xlake.infra.nag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * A rule of the AWS Solutions checks (cdk-nag's {@code AwsSolutionsChecks}) that xlake
 * deliberately does not follow on one construct, with the reason.
 *
 * <p>The acknowledgement is CDK's own ({@code Validations.of(construct).acknowledge}), which cdk-nag
 * 3 reads for the construct and everything below it. {@link #writeToTemplate} also copies every
 * acknowledgement into the {@code cdk_nag.rules_to_suppress} metadata of each CloudFormation
 * resource it covers (the format cdk-nag's {@code writeSuppressionsToCloudFormation} writes), so a
 * reviewer running their own checks on the synthesized template sees why; cdk-nag itself is needed
 * only by the tests that run the checks.
 *
 * <p>Granular rules (IAM4, IAM5) are acknowledged one finding at a time, e.g.
 * {@code AwsSolutions-IAM5[Resource::<LakeBucketB1D32E10.Arn>/raw/*]}, so a new wildcard is a new
 * finding.
 */
public final class Acknowledged {

    private Acknowledged() {}

    /** Acknowledges {@code rule} (e.g. {@code AwsSolutions-EMR6}) on the construct and everything below it. */
    public static void rule(IConstruct construct, String rule, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(
                    "Cannot acknowledge " + rule + " on " + construct.getNode().getPath() + ": no reason given");
        }
        if (rule.split("::", -1).length > 2) {
            // CDK refuses ids with more than one '::' (its prefix delimiter), which every finding naming
            // an ARN with <AWS::Partition> has; the same metadata entry acknowledge() records is written as is.
            construct.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(rule, reason));
        } else {
            Validations.of(construct)
                    .acknowledge(
                            Acknowledgment.builder().id(rule).reason(reason).build());
        }
    }

    /** Acknowledges one finding of a granular rule: {@code AwsSolutions-IAM5[Resource::...]}. */
    public static void finding(IConstruct construct, String rule, String finding, String reason) {
        rule(construct, rule + "[" + finding + "]", reason);
    }

    /**
     * Acknowledges the IAM5 finding cdk-nag reports for a wildcard resource, e.g. {@code
     * bucket.arnForObjects("raw/*")}: the finding names the resource as the template renders it.
     */
    public static void wildcardResource(IConstruct construct, String resourceArn, String reason) {
        finding(
                construct,
                "AwsSolutions-IAM5",
                "Resource::" + flatten(Stack.of(construct).resolve(resourceArn)),
                reason);
    }

    /**
     * A template value as cdk-nag names it in a finding: {@code Fn::Join} joined, {@code Fn::GetAtt}
     * as {@code <Id.Attr>}, {@code Ref} as {@code <Id>}, {@code ${X}} as {@code <X>}.
     */
    static String flatten(Object value) {
        if (value instanceof String text) {
            return text.replace("${", "<").replace("}", ">");
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object join = map.get("Fn::Join");
            if (join instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof List<?> items) {
                return items.stream()
                        .map(Acknowledged::flatten)
                        .collect(Collectors.joining(parts.get(0).toString()));
            }
            if (map.get("Fn::Sub") != null) {
                return flatten(map.get("Fn::Sub"));
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && getAtt.size() == 2) {
                return "<" + flatten(getAtt.get(0)) + "." + flatten(getAtt.get(1)) + ">";
            }
            if (map.get("Ref") != null) {
                return "<" + flatten(map.get("Ref")) + ">";
            }
        }
        throw new IllegalArgumentException("Cannot name the template value " + value + " as cdk-nag does");
    }

    /** Registers the aspect that writes the acknowledgements into the template metadata of {@code scope}. */
    public static void writeToTemplate(IConstruct scope) {
        Aspects.of(scope).add(new WriteToTemplate());
    }

    /** Copies the acknowledgements of a resource and its ancestors into its {@code cdk_nag} metadata. */
    private static final class WriteToTemplate implements IAspect {
        @Override
        public void visit(IConstruct node) {
            if (!(node instanceof CfnResource resource)) {
                return;
            }
            Set<String> seen = new LinkedHashSet<>();
            List<Object> rules = new ArrayList<>();
            for (IConstruct current = node;
                    current != null;
                    current = current.getNode().getScope()) {
                for (MetadataEntry entry : current.getNode().getMetadata()) {
                    if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())
                            && entry.getData() instanceof Map<?, ?> data) {
                        data.forEach((qualifiedId, reason) -> {
                            String id = qualifiedId.toString().replaceFirst("(?i)^annotation::", "");
                            if (seen.add(id)) {
                                Map<String, Object> rule = new LinkedHashMap<>();
                                rule.put("id", id);
                                rule.put("reason", reason);
                                rules.add(rule);
                            }
                        });
                    }
                }
            }
            if (!rules.isEmpty()) {
                resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
            }
        }
    }
}
