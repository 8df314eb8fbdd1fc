package dev.xlake.core.net;

/**
 * The one rule for a TCP port the local servers bind (the embedded S3, the X API emulator, the
 * CLI's {@code --port}): 0 to 65535, where 0 lets the system pick a free one.
 */
public final class Ports {

    public static final int MAX = 65535;

    private Ports() {}

    /** Returns {@code port} if it is 0 to 65535; otherwise throws naming the value and the range. */
    public static int check(int port) {
        if (port < 0 || port > MAX) {
            throw new IllegalArgumentException("Cannot use port " + port + ": must be 0-" + MAX);
        }
        return port;
    }
}
