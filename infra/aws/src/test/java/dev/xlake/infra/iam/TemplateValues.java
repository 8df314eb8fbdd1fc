package dev.xlake.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves the CloudFormation values a policy statement holds ({@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join}, pseudo parameters) to the names a test's fakes use: the test binds each
 * logical id it cares about (the lake bucket to its bucket name, the cluster to its id). A value it
 * cannot resolve becomes a string that matches no request, so an unbound reference grants nothing.
 */
public final class TemplateValues {

    private final JsonNode resources;
    private final Map<String, String> physicalIds;
    private final String partition;
    private final String region;
    private final String account;

    /**
     * @param resources the template's {@code Resources}
     * @param physicalIds logical id to the name or id a test's fake uses for that resource
     */
    public TemplateValues(JsonNode resources, Map<String, String> physicalIds, String region, String account) {
        this.resources = resources;
        this.physicalIds = Map.copyOf(physicalIds);
        this.partition = "aws";
        this.region = region;
        this.account = account;
    }

    /** One value or a list of values, resolved. */
    public List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> values.add(resolve(element)));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(resolve(node));
        }
        return values;
    }

    public String resolve(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return ref(node.get("Ref").asText());
        }
        if (node.has("Fn::GetAtt")) {
            return getAtt(
                    node.get("Fn::GetAtt").get(0).asText(),
                    node.get("Fn::GetAtt").get(1).asText());
        }
        if (node.has("Fn::Join")) {
            JsonNode join = node.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.get(1).forEach(part -> parts.add(resolve(part)));
            return String.join(join.get(0).asText(), parts);
        }
        return unresolved(node.toString());
    }

    private String ref(String name) {
        return switch (name) {
            case "AWS::Partition" -> partition;
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> account;
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> bound(name, Function.identity());
        };
    }

    private String getAtt(String logicalId, String attribute) {
        String type = resources.path(logicalId).path("Type").asText();
        if (type.equals("AWS::S3::Bucket") && attribute.equals("Arn")) {
            return bound(logicalId, name -> "arn:" + partition + ":s3:::" + name);
        }
        // Other resources' ARNs are whatever the test bound them to (a label, or an ARN it knows).
        return attribute.equals("Arn")
                ? bound(logicalId, Function.identity())
                : unresolved(logicalId + "." + attribute);
    }

    private String bound(String logicalId, Function<String, String> format) {
        String physical = physicalIds.get(logicalId);
        return physical == null ? unresolved(logicalId) : format.apply(physical);
    }

    /** No ARN or action contains this character, so an unresolved value matches nothing. */
    private static String unresolved(String what) {
        return "\u0000unresolved:" + what;
    }
}
