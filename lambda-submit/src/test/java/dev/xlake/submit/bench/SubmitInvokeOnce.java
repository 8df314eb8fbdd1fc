package dev.xlake.submit.bench;

import dev.xlake.core.bench.InvocationTimer;
import dev.xlake.submit.SubmitHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a fresh JVM on the submit Lambda jar's classpath: constructs the handler (container
 * init), submits one manifest's step (cold), then another run's (warm, the same work), and prints
 * one line of timings.
 */
public final class SubmitInvokeOnce {

    private SubmitInvokeOnce() {}

    public static void main(String[] args) throws Exception {
        InvocationTimer timer = new InvocationTimer();
        SubmitHandler handler = new SubmitHandler();
        timer.constructed();
        invoke(handler, "20261125T201500Z-000001");
        timer.firstInvocationDone();
        long secondStart = System.nanoTime();
        invoke(handler, "20261125T201500Z-000002");
        timer.secondInvocationDone(secondStart);
    }

    private static void invoke(SubmitHandler handler, String runId) throws Exception {
        String key = "raw/x/recent-search/query%3Dkpop/dt%3D2026-11-25/run%3D" + runId + "/_manifest.json";
        String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + System.getenv("XLAKE_BUCKET") + "\"},"
                + "\"object\":{\"key\":\"" + key + "\"}}}]}";
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                InvocationTimer.context());
    }
}
