package dev.xlake.cli.local;

import dev.xlake.s3.ForwardingObjectStore;
import dev.xlake.s3.ObjectStore;
import java.util.Map;

/**
 * The {@code kill-fetch=N} fault: once N raw pages and the checkpoint after the N-th are stored,
 * every further write fails, as if the Lambda had been killed right there (timeout, crash). The
 * interrupted pagination and its pages without a manifest stay as they are; the next tick must
 * settle them. Only armed for one tick.
 */
final class CrashingObjectStore extends ForwardingObjectStore {

    private final int pagesBeforeCrash;
    private int pagesStored;
    private boolean armed;
    private boolean dead;

    CrashingObjectStore(ObjectStore delegate, int pagesBeforeCrash) {
        super(delegate);
        this.pagesBeforeCrash = pagesBeforeCrash;
    }

    synchronized void arm() {
        armed = true;
    }

    /** Ends the simulated death: the next invocation is a fresh Lambda. Returns whether it died. */
    synchronized boolean disarm() {
        boolean died = dead;
        armed = false;
        dead = false;
        return died;
    }

    @Override
    public synchronized String putIfAbsent(
            String key, byte[] content, String contentType, Map<String, String> metadata) {
        failIfDead(key);
        String etag = super.putIfAbsent(key, content, contentType, metadata);
        if (armed && key.endsWith(".json.gz")) {
            pagesStored++;
        }
        return etag;
    }

    @Override
    public synchronized String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag) {
        failIfDead(key);
        String etag = super.replaceIfMatch(key, content, contentType, metadata, expectedEtag);
        if (armed && pagesStored >= pagesBeforeCrash) {
            dead = true; // the checkpoint after the N-th page is the last write that lands
        }
        return etag;
    }

    @Override
    public synchronized void deleteIfMatch(String key, String expectedEtag) {
        failIfDead(key);
        super.deleteIfMatch(key, expectedEtag);
    }

    private void failIfDead(String key) {
        if (dead) {
            throw new SimulatedCrash(key);
        }
    }

    /** What the fetcher sees instead of a write once "killed". */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String key) {
            super("simulated kill (fault kill-fetch) before writing " + key);
        }
    }
}
