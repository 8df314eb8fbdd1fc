package dev.xlake.fetch.bench;

import dev.xlake.core.bench.FreshJvmBench;
import dev.xlake.core.config.EnvNames;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures the fetch Lambda artifact: jar size, and for several fresh JVMs ({@code java -cp
 * <lambda jar>}) the time to the first completed handler invocation against the X emulator and
 * the embedded S3 started here, next to a warm second invocation doing the same work.
 *
 * <p>Run: {@code ./mvnw -pl lambda-fetch -am -Pbench package -DskipTests} (args: lambda jar, test classes dir, runs).
 */
public final class ColdStartBench {

    private static final String TOKEN = "bench-token-0123456789";

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        Path lambdaJar = Path.of(args[0]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        FreshJvmBench bench = new FreshJvmBench(lambdaJar, InvokeOnce.class);
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                XApiEmulator x = XApiEmulator.builder()
                        .seed(3)
                        .bearerToken(TOKEN)
                        .tweetsPerMinute(1)
                        .start()) {
            bench.run(runs, i -> {
                String bucket = "bench-" + i;
                s3.createBucket(bucket);
                Map<String, String> env = new LinkedHashMap<>();
                env.put(EnvNames.BUCKET, bucket);
                env.put(EnvNames.QUERIES, "[{\"name\":\"kpop\",\"query\":\"#kpop\"}]");
                env.put(EnvNames.X_BEARER_TOKEN, TOKEN);
                env.put(EnvNames.X_API_BASE_URL, x.baseUrl());
                env.put(EnvNames.MAX_PAGES, "5");
                env.put(EnvNames.AWS_ENDPOINT_URL, s3.endpoint().toString());
                env.put(EnvNames.AWS_REGION, "us-east-1");
                env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
                return env;
            });
        }
    }
}
