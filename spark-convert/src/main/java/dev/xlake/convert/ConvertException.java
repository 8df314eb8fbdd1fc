package dev.xlake.convert;

/** A problem that stops the whole conversion before anything is written (bad manifest, bad output). */
public class ConvertException extends RuntimeException {

    public ConvertException(String message) {
        super(message);
    }

    public ConvertException(String message, Throwable cause) {
        super(message, cause);
    }
}
