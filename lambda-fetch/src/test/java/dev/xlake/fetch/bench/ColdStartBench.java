package dev.xlake.fetch.bench;

import dev.xlake.core.config.EnvNames;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the fetch Lambda artifact: jar size, and for several fresh JVMs ({@code java -cp
 * <lambda jar>}) the time to the first completed handler invocation against the X emulator and
 * the embedded S3 started here, next to a warm second invocation doing the same work.
 *
 * <p>Run: {@code ./mvnw -pl lambda-fetch -Pbench package -DskipTests} (args: lambda jar, test classes dir, runs).
 */
public final class ColdStartBench {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");
    private static final String TOKEN = "bench-token-0123456789";

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        Path lambdaJar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path invokerDir = copyInvoker(testClasses);
        System.out.printf(
                "lambda jar: %s, %.1f MB (%d bytes)%n",
                lambdaJar.getFileName(), Files.size(lambdaJar) / 1_048_576.0, Files.size(lambdaJar));

        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                XApiEmulator x = XApiEmulator.builder()
                        .seed(3)
                        .bearerToken(TOKEN)
                        .tweetsPerMinute(1)
                        .start()) {
            List<Map<String, Long>> results = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
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
                long start = System.nanoTime();
                Map<String, Long> result = runFreshJvm(lambdaJar, invokerDir, env);
                result.put("process_wall_ms", (System.nanoTime() - start) / 1_000_000);
                System.out.println("run " + i + ": " + result);
                results.add(result);
            }
            System.out.println("median over " + runs + " fresh JVMs:");
            for (String key : results.get(0).keySet()) {
                List<Long> values =
                        new ArrayList<>(results.stream().map(r -> r.get(key)).toList());
                Collections.sort(values);
                System.out.printf(
                        "  %-22s %6d ms  (min %d, max %d)%n",
                        key, values.get(values.size() / 2), values.get(0), values.get(values.size() - 1));
            }
        }
    }

    private static Map<String, Long> runFreshJvm(Path lambdaJar, Path invokerDir, Map<String, String> env)
            throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                javaBin,
                "-cp",
                lambdaJar + java.io.File.pathSeparator + invokerDir,
                // Lambda's Java runtimes start with tiered compilation stopped at C1 by default.
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                InvokeOnce.class.getName());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        Map<String, Long> result = new LinkedHashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BENCH ")) {
                    Matcher m = FIELD.matcher(line);
                    while (m.find()) {
                        result.put(m.group(1), Long.parseLong(m.group(2)));
                    }
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result.isEmpty()) {
            throw new IllegalStateException("Cannot benchmark: the fresh JVM exited with " + exit);
        }
        return result;
    }

    /** Only the invoker class goes next to the Lambda jar (not the test logging config). */
    private static Path copyInvoker(Path testClasses) throws IOException {
        Path dir = Files.createTempDirectory("xlake-bench");
        String relative = InvokeOnce.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(relative);
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(testClasses.resolve(relative))) {
            Files.copy(in, target);
        }
        return dir;
    }
}
