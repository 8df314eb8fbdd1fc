package dev.xlake.compliance.pass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.compliance.ComplianceException;
import dev.xlake.core.json.Json;
import java.io.IOException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Requests the apply step from the submit function, synchronously ({@code RequestResponse}), so
 * the answer says whether the step was submitted: its step id is recorded in the pass state. A
 * function error (EMR refused, another invocation holds the claim) throws, and the next
 * invocation asks again; the claim {@code state/submit/run=compliance-apply-<pass>.json} keeps it
 * to one step.
 */
public final class LambdaApplyRequester implements ApplyRequester {

    private final LambdaClient lambda;
    private final String submitFunction;

    public LambdaApplyRequester(LambdaClient lambda, String submitFunction) {
        this.lambda = lambda;
        this.submitFunction = submitFunction;
    }

    @Override
    public String requestApply(String passId) {
        String event = Json.MAPPER
                .createObjectNode()
                .put("job", JOB)
                .put(PASS_FIELD, passId)
                .toString();
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(submitFunction)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(event)));
        } catch (SdkException e) {
            throw new ComplianceException(
                    "Cannot request the apply step of compliance pass " + passId + " from " + submitFunction + ": "
                            + e.getMessage(),
                    e);
        }
        JsonNode answer = answer(response, passId);
        if (response.functionError() != null) {
            throw new ComplianceException("Cannot request the apply step of compliance pass " + passId + ": "
                    + submitFunction + " failed: " + answer.path("errorMessage").asText(response.functionError())
                    + "; the next invocation asks again");
        }
        String stepId = answer.path("step_id").asText(null);
        if (stepId == null) {
            throw new ComplianceException("Cannot request the apply step of compliance pass " + passId + ": "
                    + submitFunction + " answered " + answer.path("status").asText("no status") + " without a step id");
        }
        return stepId;
    }

    private JsonNode answer(InvokeResponse response, String passId) {
        try {
            return Json.MAPPER.readTree(response.payload().asByteArray());
        } catch (IOException e) {
            throw new ComplianceException(
                    "Cannot request the apply step of compliance pass " + passId + ": " + submitFunction
                            + " answered with something that is not JSON",
                    e);
        }
    }
}
