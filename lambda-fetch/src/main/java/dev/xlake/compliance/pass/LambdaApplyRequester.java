package dev.xlake.compliance.pass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.compliance.ComplianceException;
import dev.xlake.core.jobs.ScheduledJob;
import dev.xlake.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Requests the apply step from the submit function, synchronously ({@code RequestResponse}), so
 * the answer says whether the step was submitted: its step id is recorded in the pass state. A
 * function error (EMR refused, another invocation holds the claim) throws, and the next
 * invocation asks again; the claim {@code state/submit/run=compliance-apply-<pass>.json} keeps it
 * to one step.
 *
 * <p>Lambda's {@code Invoke} is one signed POST ({@code /2015-03-31/functions/<name>/invocations}),
 * sent here with the SDK's own SigV4 signer and HTTP client rather than the SDK's Lambda client,
 * whose model classes alone would take the fetch jar over its 15 MB budget (docs/benchmarks.md).
 *
 * @param endpoint the Lambda API of the region, e.g. {@code https://lambda.eu-west-1.amazonaws.com}
 * @param submitFunction the submit function's name or ARN, with its alias
 */
public record LambdaApplyRequester(
        SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint, String submitFunction)
        implements ApplyRequester {

    private static final String FUNCTION_ERROR_HEADER = "X-Amz-Function-Error";

    /** The public Lambda endpoint of {@code region}. */
    public static URI endpointOf(String region) {
        return URI.create("https://lambda." + region + ".amazonaws.com");
    }

    @Override
    public String requestApply(String passId) {
        String event = Json.MAPPER
                .createObjectNode()
                .put(ScheduledJob.JOB_FIELD, ScheduledJob.COMPLIANCE_APPLY.jobName())
                .put(ScheduledJob.PASS_FIELD, passId)
                .toString();
        String failing = "Cannot request the apply step of compliance pass " + passId + " from " + submitFunction;
        int status;
        Optional<String> functionError;
        JsonNode answer;
        try {
            HttpExecuteResponse response = http.prepareRequest(signed(event)).call();
            status = response.httpResponse().statusCode();
            functionError = response.httpResponse().firstMatchingHeader(FUNCTION_ERROR_HEADER);
            answer = json(response.responseBody().orElse(null));
        } catch (IOException | RuntimeException e) {
            throw new ComplianceException(failing + ": " + e.getMessage() + "; the next invocation asks again", e);
        }
        if (status / 100 != 2) {
            throw new ComplianceException(failing + ": Lambda answered HTTP " + status + " "
                    + answer.path("Message").asText(answer.path("message").asText(""))
                    + "; the next invocation asks again");
        }
        if (functionError.isPresent()) {
            throw new ComplianceException(failing + ": it failed: "
                    + answer.path("errorMessage").asText(functionError.get())
                    + "; the next invocation asks again");
        }
        String stepId = answer.path("step_id").asText(null);
        if (stepId == null) {
            throw new ComplianceException(
                    failing + ": it answered " + answer.path("status").asText("no status") + " without a step id");
        }
        return stepId;
    }

    private HttpExecuteRequest signed(String event) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/2015-03-31/functions/" + SdkHttpUtils.urlEncode(submitFunction) + "/invocations")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Amz-Invocation-Type", "RequestResponse")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(event))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build();
    }

    private static JsonNode json(InputStream body) throws IOException {
        if (body == null) {
            return Json.MAPPER.createObjectNode();
        }
        try (body) {
            byte[] bytes = body.readAllBytes();
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                return Json.MAPPER.createObjectNode().put("message", new String(bytes, 0, Math.min(bytes.length, 200)));
            }
        }
    }
}
