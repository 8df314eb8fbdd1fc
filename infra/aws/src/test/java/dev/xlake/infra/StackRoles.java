package dev.xlake.infra;

import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.iam.PolicyEnforcer;
import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.iam.TemplateValues;
import dev.xlake.infra.submit.SubmitFunction;
import dev.xlake.submit.EmrStepSubmitter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.EmrClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;

/**
 * The roles of the synthesized stack (default context), as SDK clients that obey them: a test
 * hands in the client it would have given the function and gets one that runs every request
 * through a {@link PolicyEnforcer} for that role, with the lake bucket bound to the test's bucket
 * and the cluster to the test's cluster id. Registered with {@code @RegisterExtension}, it fails a
 * test after it ran if any request was refused.
 *
 * <p>It lives in infra/aws because only this module can synthesize the template; the scenarios it
 * checks are the functions' own ITs, taken from their test-jars, so the two cannot drift apart.
 */
public final class StackRoles implements AfterEachCallback {

    /** The roles whose requests the integration tests make. */
    public enum Role {
        FETCH,
        SUBMIT,
        COMPLIANCE,
        CONVERTER_INSTANCE
    }

    private final SynthesizedStack synth;
    private final List<PolicyEnforcer> enforcers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private StackRoles(SynthesizedStack synth) {
        this.synth = synth;
    }

    public static StackRoles ofDefaultStack() {
        return new StackRoles(SynthesizedStack.of(Map.of()));
    }

    /** The role's policy with the lake bucket bound to {@code bucket} and the cluster to {@code clusterId}. */
    public RolePolicy policy(Role role, String bucket, String clusterId) {
        Map<String, String> physical = new HashMap<>();
        physical.put(synth.lakeBucket(), bucket);
        synth.resources("AWS::EMR::Cluster").keySet().forEach(id -> physical.put(id, clusterId));
        TemplateValues values = new TemplateValues(
                synth.json.path("Resources"), physical, SynthesizedStack.REGION, SynthesizedStack.ACCOUNT);
        String roleId = roleId(role);
        return RolePolicy.of(roleId, synth.statementsOfRole(roleId), values);
    }

    public PolicyEnforcer enforcer(Role role, String bucket, String clusterId) {
        PolicyEnforcer enforcer =
                new PolicyEnforcer(policy(role, bucket, clusterId), SynthesizedStack.REGION, SynthesizedStack.ACCOUNT);
        enforcers.add(enforcer);
        return enforcer;
    }

    /** A client to the same endpoint, with the same credentials, that acts as {@code role}. */
    public S3Client s3As(Role role, S3Client like, String bucket) {
        S3ServiceClientConfiguration config = like.serviceClientConfiguration();
        PolicyEnforcer enforcer = enforcer(role, bucket, "j-UNUSED");
        S3Client client = S3Client.builder()
                .endpointOverride(config.endpointOverride().orElseThrow())
                .forcePathStyle(true)
                .region(config.region())
                .credentialsProvider(config.credentialsProvider())
                // As the functions' own clients (S3Clients): url-connection, 4 attempts.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(15)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(4)
                                .build())
                        .addExecutionInterceptor(enforcer))
                .build();
        clients.add(client);
        return client;
    }

    /** An EMR client configured as the submit function's, to the same endpoint, that acts as {@code role}. */
    public EmrClient emrAs(Role role, EmrClient like, String bucket, String clusterId) {
        PolicyEnforcer enforcer = enforcer(role, bucket, clusterId);
        EmrClientBuilder builder = EmrStepSubmitter.clientBuilder();
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(enforcer)
                .build());
        EmrClient client = builder.endpointOverride(
                        like.serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(like.serviceClientConfiguration().region())
                .credentialsProvider(like.serviceClientConfiguration().credentialsProvider())
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
        List<String> refused =
                enforcers.stream().flatMap(e -> e.refusals().stream()).toList();
        enforcers.clear();
        if (!refused.isEmpty()) {
            throw new AssertionError(refused.size() + " request(s) refused by the synthesized IAM policy:\n  "
                    + String.join("\n  ", refused));
        }
    }

    private String roleId(Role role) {
        return switch (role) {
            case FETCH -> synth.roleOf(FetchFunction.HANDLER);
            case SUBMIT -> synth.roleOf(SubmitFunction.HANDLER);
            case COMPLIANCE -> synth.roleOf(ComplianceFunction.HANDLER);
            case CONVERTER_INSTANCE -> synth.instanceRole();
        };
    }
}
