package dev.xlake.submit;

/** The convert step was not submitted; the message says why, with the run and cluster ids. */
public class StepSubmissionException extends RuntimeException {

    public StepSubmissionException(String message, Throwable cause) {
        super(message, cause);
    }
}
