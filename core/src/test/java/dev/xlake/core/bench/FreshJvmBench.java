package dev.xlake.core.bench;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts of a Lambda jar: runs an invoker class in fresh JVMs on the jar's classpath, as the
 * Lambda runtime would, and prints the medians of the {@code BENCH name=millis ...} line each run
 * prints. Only the invoker and {@link InvocationTimer} are put beside the jar (not the test logging
 * configuration).
 */
public final class FreshJvmBench {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

    private final Path lambdaJar;
    private final Path invokerDir;
    private final String invokerClass;

    public FreshJvmBench(Path lambdaJar, Class<?> invoker) throws IOException {
        this.lambdaJar = lambdaJar;
        this.invokerClass = invoker.getName();
        this.invokerDir = Files.createTempDirectory("xlake-bench");
        for (Class<?> type : new Class<?>[] {invoker, InvocationTimer.class}) {
            String relative = type.getName().replace('.', '/') + ".class";
            Path target = invokerDir.resolve(relative);
            Files.createDirectories(target.getParent());
            try (InputStream in = type.getClassLoader().getResourceAsStream(relative)) {
                Files.copy(in, target);
            }
        }
    }

    /** Runs {@code runs} fresh JVMs, the i-th with {@code environment.apply(i)}, and prints the medians. */
    public void run(int runs, IntFunction<Map<String, String>> environment) throws IOException, InterruptedException {
        System.out.printf(
                "lambda jar: %s, %.1f MB (%d bytes)%n",
                lambdaJar.getFileName(), Files.size(lambdaJar) / 1_048_576.0, Files.size(lambdaJar));
        List<Map<String, Long>> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long start = System.nanoTime();
            Map<String, Long> result = runFreshJvm(environment.apply(i));
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

    private Map<String, Long> runFreshJvm(Map<String, String> env) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                javaBin,
                "-cp",
                lambdaJar + File.pathSeparator + invokerDir,
                // Lambda's Java runtimes start with tiered compilation stopped at C1 by default.
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                invokerClass);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        Map<String, Long> result = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
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
            output.stream().skip(Math.max(0, output.size() - 20)).forEach(System.out::println);
            throw new IllegalStateException("Cannot benchmark: the fresh JVM exited with " + exit);
        }
        return result;
    }
}
