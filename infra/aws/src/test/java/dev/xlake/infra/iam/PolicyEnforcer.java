package dev.xlake.infra.iam;

import dev.xlake.infra.iam.RequiredPermissions.Permission;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes an SDK client behave as if it ran as one role of the synthesized stack: every request is
 * checked against the role's {@link RolePolicy} before it is sent, and one the policy does not
 * allow is answered as AWS would (S3: HTTP 403 AccessDenied; other services: AccessDeniedException)
 * without reaching the fake. S3's documented rule for missing keys is applied to the fake's
 * answers: a 404 for {@code GetObject}/{@code HeadObject} becomes a 403 on the wire unless the
 * role may also {@code s3:ListBucket} the bucket ("If you don't have the s3:ListBucket permission, Amazon S3
 * returns an HTTP status code 403").
 *
 * <p>Code under test may catch a 403 and carry on, so a refusal is also recorded with the
 * operation, the key and the role; {@code dev.xlake.infra.StackRoles} fails the test with them.
 */
public final class PolicyEnforcer implements ExecutionInterceptor {

    private static final Set<String> MISSING_KEY_READS = Set.of("GetObject", "HeadObject");
    private static final ExecutionAttribute<Boolean> MISSING_KEY_FORBIDDEN =
            new ExecutionAttribute<>("xlake.MissingKeyForbidden");
    private static final byte[] ACCESS_DENIED_BODY =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);

    private final RolePolicy policy;
    private final String region;
    private final String account;
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    public PolicyEnforcer(RolePolicy policy, String region, String account) {
        this.policy = policy;
        this.region = region;
        this.account = account;
    }

    /** Every request refused so far, one line each. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        for (Permission needed : RequiredPermissions.of(service, operation, request, region, account)) {
            RolePolicy.Decision decision = policy.decide(needed.action(), needed.resourceArn());
            if (!decision.allowed()) {
                throw refuse(
                        service,
                        operation,
                        request,
                        needed.action() + " on " + needed.resourceArn() + " ("
                                + decision.name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ') + ")");
            }
        }
    }

    /**
     * S3's answer to a read of a missing key by a role without {@code s3:ListBucket} is a 403: the
     * fake's 404 is rewritten on the wire (status and error body), so the SDK and the code under
     * test see exactly what S3 would send.
     */
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkHttpResponse response = context.httpResponse();
        if (!service.equals("S3") || !MISSING_KEY_READS.contains(operation) || response.statusCode() != 404) {
            return response;
        }
        String bucketArn = "arn:aws:s3:::"
                + RequiredPermissions.field(context.request(), "Bucket").orElseThrow();
        if (policy.decide("s3:ListBucket", bucketArn).allowed()) {
            return response;
        }
        refuse(
                service,
                operation,
                context.request(),
                "a missing key without s3:ListBucket on " + bucketArn + " answers 403, not 404");
        attributes.putAttribute(MISSING_KEY_FORBIDDEN, true);
        return response.toBuilder()
                .statusCode(403)
                .statusText("Forbidden")
                .putHeader("Content-Length", String.valueOf(ACCESS_DENIED_BODY.length))
                .putHeader("Content-Type", "application/xml")
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(MISSING_KEY_FORBIDDEN))
                && !"HeadObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return Optional.of(new ByteArrayInputStream(ACCESS_DENIED_BODY));
        }
        return context.responseBody();
    }

    private AwsServiceException refuse(String service, String operation, SdkRequest request, String why) {
        String target = RequiredPermissions.field(request, "Key")
                .map(key -> "key " + key)
                .or(() -> RequiredPermissions.field(request, "JobFlowId").map(id -> "cluster " + id))
                .or(() -> RequiredPermissions.field(request, "ClusterId").map(id -> "cluster " + id))
                .orElse("bucket " + RequiredPermissions.field(request, "Bucket").orElse("?"));
        String refusal =
                "Role " + policy.roleName() + " may not " + service + " " + operation + " " + target + ": " + why;
        refusals.add(refusal);
        AwsErrorDetails details = AwsErrorDetails.builder()
                .serviceName(service)
                .errorCode(service.equals("S3") ? "AccessDenied" : "AccessDeniedException")
                .errorMessage(refusal)
                .build();
        return service.equals("S3")
                ? S3Exception.builder()
                        .statusCode(403)
                        .awsErrorDetails(details)
                        .message(refusal)
                        .build()
                : AwsServiceException.builder()
                        .statusCode(400)
                        .awsErrorDetails(details)
                        .message(refusal)
                        .build();
    }
}
