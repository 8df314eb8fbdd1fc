package dev.xlake.compliance.pass;

/**
 * Asks for a pass's apply step: on AWS the submit function, invoked with {@code {"job":
 * "compliance-apply", "pass": "<id>"}}, which claims and submits the EMR step at most once per pass.
 */
public interface ApplyRequester {

    /** The job name the submit function knows the apply step by. */
    String JOB = "compliance-apply";
    /** The event field naming the pass. */
    String PASS_FIELD = "pass";

    /**
     * @return the EMR step id of the pass's apply step (new, or submitted by an earlier request)
     * @throws dev.xlake.compliance.ComplianceException when the request failed; the next invocation asks again
     */
    String requestApply(String passId);
}
