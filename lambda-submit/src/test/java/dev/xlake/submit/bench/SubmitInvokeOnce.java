package dev.xlake.submit.bench;

import dev.xlake.core.bench.InvocationTimer;
import dev.xlake.submit.SubmitHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a fresh JVM on the submit Lambda jar's classpath: constructs the handler (container
 * init), submits one tick's step (cold), then another tick's (warm, the same work), and prints
 * one line of timings. {@link SubmitColdStartBench} writes the two tick objects first.
 */
public final class SubmitInvokeOnce {

    static final java.util.List<String> TICKS = java.util.List.of("20261125T201500Z-000001", "20261125T201500Z-000002");

    private SubmitInvokeOnce() {}

    public static void main(String[] args) throws Exception {
        InvocationTimer timer = new InvocationTimer();
        SubmitHandler handler = new SubmitHandler();
        timer.constructed();
        invoke(handler, TICKS.get(0));
        timer.firstInvocationDone();
        long secondStart = System.nanoTime();
        invoke(handler, TICKS.get(1));
        timer.secondInvocationDone(secondStart);
    }

    private static void invoke(SubmitHandler handler, String tickId) throws Exception {
        String key = "raw/x/ticks/dt%3D2026-11-25/tick%3D" + tickId + ".json";
        String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + System.getenv("XLAKE_BUCKET") + "\"},"
                + "\"object\":{\"key\":\"" + key + "\"}}}]}";
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                InvocationTimer.context());
    }
}
