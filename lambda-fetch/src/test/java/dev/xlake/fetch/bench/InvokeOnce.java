package dev.xlake.fetch.bench;

import com.amazonaws.services.lambda.runtime.Context;
import dev.xlake.core.config.EnvNames;
import dev.xlake.fetch.FetchHandler;
import dev.xlake.s3.S3Clients;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs in a fresh JVM on the Lambda jar's classpath, like the Lambda runtime would: constructs
 * the handler (container init), invokes it (cold), resets the checkpoint so the second invocation
 * does the same work, invokes again (warm), and prints one line of timings.
 */
public final class InvokeOnce {

    private InvokeOnce() {}

    public static void main(String[] args) {
        long mainStart = System.nanoTime();
        long jvmStartToMainMillis = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        FetchHandler handler = new FetchHandler();
        long initDone = System.nanoTime();
        handler.handleRequest(Map.of("source", "aws.events"), context());
        long firstDone = System.nanoTime();
        try (S3Client s3 = S3Clients.fromEnv(System.getenv())) {
            String bucket = System.getenv(EnvNames.BUCKET);
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("state/"))
                    .contents()
                    .forEach(o -> s3.deleteObject(r -> r.bucket(bucket).key(o.key())));
        }
        long secondStart = System.nanoTime();
        handler.handleRequest(Map.of("source", "aws.events"), context());
        long secondDone = System.nanoTime();
        System.out.printf(
                "BENCH jvm_to_main_ms=%d init_ms=%d first_invoke_ms=%d second_invoke_ms=%d "
                        + "jvm_to_first_done_ms=%d%n",
                jvmStartToMainMillis,
                (initDone - mainStart) / 1_000_000,
                (firstDone - initDone) / 1_000_000,
                (secondDone - secondStart) / 1_000_000,
                jvmStartToMainMillis + (firstDone - mainStart) / 1_000_000);
    }

    private static Context context() {
        long deadline = System.currentTimeMillis() + 300_000;
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
