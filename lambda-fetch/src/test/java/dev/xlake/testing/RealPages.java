package dev.xlake.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The real X API responses kept beside the emulator (infra/x-emulator's test resources), on this
 * module's test classpath as {@code /x-api-pages/}.
 */
public final class RealPages {

    private RealPages() {}

    /** The bytes of the captured page {@code name}, exactly as X sent them. */
    public static byte[] realPage(String name) {
        try (InputStream in = RealPages.class.getResourceAsStream("/x-api-pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Cannot read the real X page " + name + ": not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the real X page " + name, e);
        }
    }
}
