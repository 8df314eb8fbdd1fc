package dev.xlake.s3;

/** A conditional write lost: the object exists, or changed, and is not what this writer wrote. */
public class ObjectConflictException extends RuntimeException {

    public ObjectConflictException(String message) {
        super(message);
    }
}
