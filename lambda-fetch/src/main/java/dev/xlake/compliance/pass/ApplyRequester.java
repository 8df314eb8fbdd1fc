package dev.xlake.compliance.pass;

/**
 * Asks for a pass's apply step: on AWS the submit function, invoked with {@code {"job":
 * "compliance-apply", "pass": "<id>"}} ({@link dev.xlake.core.jobs.ScheduledJob#COMPLIANCE_APPLY}), which claims and submits the EMR step at most once per pass.
 */
public interface ApplyRequester {

    /**
     * @return the EMR step id of the pass's apply step (new, or submitted by an earlier request)
     * @throws dev.xlake.compliance.ComplianceException when the request failed; the next invocation asks again
     */
    String requestApply(String passId);
}
