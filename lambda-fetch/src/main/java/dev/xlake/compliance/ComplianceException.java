package dev.xlake.compliance;

/** A compliance pass cannot go on; the message says why, never with a token or a signed URL. */
public final class ComplianceException extends RuntimeException {

    public ComplianceException(String message) {
        super(message);
    }

    public ComplianceException(String message, Throwable cause) {
        super(message, cause);
    }
}
