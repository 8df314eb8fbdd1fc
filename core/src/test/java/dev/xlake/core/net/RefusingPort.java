package dev.xlake.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: a socket bound to it
 * that does not listen. A port found free and closed again can be taken by any server another
 * test starts meanwhile (an embedded S3 answering 403 instead of a refusal); this one cannot.
 */
public final class RefusingPort implements AutoCloseable {

    private final Socket bound = new Socket();

    public RefusingPort() throws IOException {
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public int port() {
        return bound.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        bound.close();
    }
}
