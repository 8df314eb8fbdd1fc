package dev.xlake.submit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.AutoTerminationPolicy;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * The configuration of the converter cluster the stack created, as the stack passes it to the
 * submit function ({@code XLAKE_EMR_CLUSTER_SPEC}, JSON with snake_case names): everything a
 * replacement's {@code RunJobFlow} needs to be the same cluster (docs/submit.md "A cluster that
 * comes back"). The stack builds it from the same values as its {@code AWS::EMR::Cluster}.
 *
 * @param jobFlowRole the instance profile name
 * @param configurations classification to properties, e.g. {@code iceberg-defaults}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ClusterSpec(
        String name,
        String releaseLabel,
        List<String> applications,
        Map<String, Map<String, String>> configurations,
        String primaryInstanceType,
        String coreInstanceType,
        int coreInstanceCount,
        String subnetId,
        String serviceRole,
        String jobFlowRole,
        String securityConfiguration,
        String logUri,
        long idleTimeoutSeconds,
        Map<String, String> tags) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    public ClusterSpec {
        applications = applications == null ? List.of() : List.copyOf(applications);
        configurations = configurations == null ? Map.of() : new TreeMap<>(configurations);
        tags = tags == null ? Map.of() : new TreeMap<>(tags);
        List<String> missing = new ArrayList<>();
        Map<String, String> required = new TreeMap<>();
        required.put("name", name);
        required.put("release_label", releaseLabel);
        required.put("primary_instance_type", primaryInstanceType);
        required.put("core_instance_type", coreInstanceType);
        required.put("subnet_id", subnetId);
        required.put("service_role", serviceRole);
        required.put("job_flow_role", jobFlowRole);
        required.put("log_uri", logUri);
        required.forEach((field, value) -> {
            if (value == null || value.isBlank()) {
                missing.add(field);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("cluster spec lacks " + String.join(", ", missing));
        }
        if (coreInstanceCount < 1 || idleTimeoutSeconds < 60) {
            throw new IllegalArgumentException("cluster spec needs core_instance_count >= 1 and idle_timeout_seconds"
                    + " >= 60, has " + coreInstanceCount + " and " + idleTimeoutSeconds);
        }
    }

    /** Parses the stack's JSON; the message names what is wrong (for {@code SubmitConfig}). */
    public static ClusterSpec fromJson(String json) {
        try {
            return JSON.readValue(json, ClusterSpec.class);
        } catch (JsonProcessingException e) {
            String reason = e.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage()
                    : e.getOriginalMessage();
            throw new IllegalArgumentException("not a cluster spec: " + reason, e);
        }
    }

    /** The spec as JSON (tests, and the stack's side of the contract). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the cluster spec: " + e.getMessage(), e);
        }
    }

    /** The {@code RunJobFlow} request that starts a cluster like the stack's. */
    public RunJobFlowRequest runJobFlowRequest() {
        return RunJobFlowRequest.builder()
                .name(name)
                .releaseLabel(releaseLabel)
                .applications(applications.stream()
                        .map(app -> Application.builder().name(app).build())
                        .toList())
                .configurations(each(
                        configurations,
                        (classification, properties) -> Configuration.builder()
                                .classification(classification)
                                .properties(properties)
                                .build()))
                .instances(JobFlowInstancesConfig.builder()
                        .instanceGroups(
                                group("primary", InstanceRoleType.MASTER, primaryInstanceType, 1),
                                group("core", InstanceRoleType.CORE, coreInstanceType, coreInstanceCount))
                        // As the stack's cluster: steps keep arriving, the idle timeout ends it.
                        .keepJobFlowAliveWhenNoSteps(true)
                        .terminationProtected(false)
                        .ec2SubnetId(subnetId)
                        .build())
                .serviceRole(serviceRole)
                .jobFlowRole(jobFlowRole)
                .securityConfiguration(securityConfiguration)
                .logUri(logUri)
                .autoTerminationPolicy(AutoTerminationPolicy.builder()
                        .idleTimeout(idleTimeoutSeconds)
                        .build())
                .tags(each(
                        tags,
                        (key, value) -> Tag.builder().key(key).value(value).build()))
                .build();
    }

    /** One SDK object per entry of {@code map}, in the map's (sorted) order. */
    private static <V, T> List<T> each(Map<String, V> map, BiFunction<String, V, T> build) {
        return map.entrySet().stream()
                .map(entry -> build.apply(entry.getKey(), entry.getValue()))
                .toList();
    }

    private static InstanceGroupConfig group(String groupName, InstanceRoleType role, String type, int count) {
        return InstanceGroupConfig.builder()
                .name(groupName)
                .instanceRole(role)
                .instanceType(type)
                .instanceCount(count)
                .market(MarketType.ON_DEMAND)
                .build();
    }
}
