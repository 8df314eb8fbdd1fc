package dev.xlake.submit.bench;

import com.amazonaws.services.lambda.runtime.Context;
import dev.xlake.submit.SubmitHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a fresh JVM on the submit Lambda jar's classpath: constructs the handler (container
 * init), submits one manifest's step (cold), then another run's (warm, the same work), and prints
 * one line of timings.
 */
public final class SubmitInvokeOnce {

    private SubmitInvokeOnce() {}

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long jvmStartToMainMillis = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        SubmitHandler handler = new SubmitHandler();
        long initDone = System.nanoTime();
        invoke(handler, "20261125T201500Z-000001");
        long firstDone = System.nanoTime();
        invoke(handler, "20261125T201500Z-000002");
        long secondDone = System.nanoTime();
        System.out.printf(
                "BENCH jvm_to_main_ms=%d init_ms=%d first_invoke_ms=%d second_invoke_ms=%d "
                        + "jvm_to_first_done_ms=%d%n",
                jvmStartToMainMillis,
                (initDone - mainStart) / 1_000_000,
                (firstDone - initDone) / 1_000_000,
                (secondDone - firstDone) / 1_000_000,
                jvmStartToMainMillis + (firstDone - mainStart) / 1_000_000);
    }

    private static void invoke(SubmitHandler handler, String runId) throws Exception {
        String key = "raw/x/recent-search/query%3Dkpop/dt%3D2026-11-25/run%3D" + runId + "/_manifest.json";
        String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + System.getenv("XLAKE_BUCKET") + "\"},"
                + "\"object\":{\"key\":\"" + key + "\"}}}]}";
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                context());
    }

    private static Context context() {
        long deadline = System.currentTimeMillis() + 60_000;
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) (deadline - System.currentTimeMillis());
                    case "getAwsRequestId" -> "bench";
                    default -> null;
                });
    }
}
