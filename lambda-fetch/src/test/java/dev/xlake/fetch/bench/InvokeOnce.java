package dev.xlake.fetch.bench;

import dev.xlake.core.bench.InvocationTimer;
import dev.xlake.core.config.EnvNames;
import dev.xlake.fetch.FetchHandler;
import dev.xlake.s3.S3Clients;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs in a fresh JVM on the fetch Lambda jar's classpath, like the Lambda runtime would:
 * constructs the handler (container init), invokes it (cold), resets the checkpoint so the second
 * invocation does the same work, invokes again (warm), and prints one line of timings.
 */
public final class InvokeOnce {

    private InvokeOnce() {}

    public static void main(String[] args) {
        InvocationTimer timer = new InvocationTimer();
        FetchHandler handler = new FetchHandler();
        timer.constructed();
        handler.handleRequest(Map.of("source", "aws.events"), InvocationTimer.context());
        timer.firstInvocationDone();
        try (S3Client s3 = S3Clients.fromEnv(System.getenv())) {
            String bucket = System.getenv(EnvNames.BUCKET);
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("state/"))
                    .contents()
                    .forEach(o -> s3.deleteObject(r -> r.bucket(bucket).key(o.key())));
        }
        long secondStart = System.nanoTime();
        handler.handleRequest(Map.of("source", "aws.events"), InvocationTimer.context());
        timer.secondInvocationDone(secondStart);
    }
}
