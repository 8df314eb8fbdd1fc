package dev.xlake.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14, finding 1: {@code xlake local} killed (SIGKILL) or interrupted (SIGINT) at several
 * points, each in a fresh data directory, then run again on it: the second run must end with the
 * ground-truth check OK (nothing missing, nothing twice, exit 0), and an interrupted run must stop
 * with exit 130 and one line saying what the next run resumes.
 *
 * <p>The CLI runs as its own JVM (the test's class path, the CLI's main class) with xlake's logs on,
 * so the kill can follow what it is doing: a query's fetch starting, a conversion's pass over the
 * pages starting, the tweets table committed and the users table not yet. Each run is one tick
 * of two small queries, about a minute on 2 busy cores. By default ({@code ./mvnw verify}, CI) the
 * test runs three points, one per phase and both signals ({@link #DEFAULT_POINTS});
 * {@code -Dchaos.points=all} runs all six, {@code -Dchaos.points=SIGINT_DURING_PASS,...} the ones
 * named.
 */
class LocalChaosIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    /** The points {@code ./mvnw verify} runs: one per phase, both signals. */
    static final String DEFAULT_POINTS = "SIGKILL_MID_PAGINATION,SIGINT_DURING_PASS,SIGKILL_BETWEEN_THE_TABLES_COMMITS";

    private static final Pattern FETCH_STARTING = Pattern.compile("Query \\w+: run \\S+ starting");
    private static final Pattern PASS_STARTING = Pattern.compile("Converting \\d+ pages of runs");
    private static final Pattern TWEETS_COMMITTED = Pattern.compile("tweets: (appended|merged) ");

    @TempDir
    Path dataDir;

    /** Where the run is killed: the lines to see first, in order, and the signal. */
    enum KillPoint {
        SIGKILL_MID_PAGINATION("KILL", 5, FETCH_STARTING),
        SIGINT_MID_PAGINATION("INT", 5, FETCH_STARTING),
        SIGKILL_DURING_PASS("KILL", 0, PASS_STARTING),
        SIGINT_DURING_PASS("INT", 0, PASS_STARTING),
        SIGKILL_BETWEEN_THE_TABLES_COMMITS("KILL", 0, TWEETS_COMMITTED),
        SIGINT_BETWEEN_THE_TABLES_COMMITS("INT", 0, TWEETS_COMMITTED);

        final String signal;
        /** Raw pages stored (files in the embedded S3's folder) to wait for after the lines. */
        final int pagesStored;

        final List<Pattern> after;

        KillPoint(String signal, int pagesStored, Pattern... after) {
            this.signal = signal;
            this.pagesStored = pagesStored;
            this.after = List.of(after);
        }
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    void shouldEndWithTheGroundTruthCheckOkOnTheRunAfterAKill(KillPoint point) throws Exception {
        String only = System.getProperty("chaos.points", DEFAULT_POINTS);
        assumeTrue(
                only.equals("all") || List.of(only.split(",")).contains(point.name()),
                "not in -Dchaos.points (" + only + ")");
        // Given a run killed at the point
        Cli killed = Cli.start(dataDir);
        for (Pattern line : point.after) {
            killed.awaitLine(line);
        }
        if (point.pagesStored > 0) {
            await().atMost(RUN_TIMEOUT)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> pagesStored() >= point.pagesStored || !killed.process.isAlive());
        }
        killed.signal(point.signal);
        int killedExit = killed.awaitExit();

        if (point.signal.equals("INT")) {
            // Then an interrupted run stops with 130 and says what the next one resumes
            assertThat(killedExit).as(killed.output()).isEqualTo(130);
            assertThat(killed.lines().stream().filter(l -> l.startsWith("xlake local: interrupted")))
                    .as(killed.output())
                    .singleElement()
                    .asString()
                    .contains("the next xlake local --data-dir " + dataDir + " resumes");
        } else {
            assertThat(killedExit).as(killed.output()).isEqualTo(137);
        }

        // When the next run starts on the same data directory
        Cli next = Cli.start(dataDir);
        int exit = next.awaitExit();
        keep(point + "-killed.txt", killed.output());
        keep(point + "-next.txt", next.output());

        // Then its ground-truth check is OK for every query
        assertThat(exit).as(next.output()).isZero();
        List<String> checks = next.lines().stream()
                .filter(l -> l.matches("\\s+\\w+\\s+[\\d,]+ rows .*"))
                .toList();
        assertThat(checks)
                .as(next.output())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l)
                        .contains(" 0 missing  0 unexpected  0 duplicates")
                        .contains(", left 0")
                        .endsWith("  OK"));
    }

    private long pagesStored() throws IOException {
        Path raw = dataDir.resolve("s3/xlake/raw");
        if (!java.nio.file.Files.exists(raw)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(raw)) {
            return files.filter(f -> f.getFileName().toString().startsWith("page-"))
                    .count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a folder appeared or went while walking: look again
        }
    }

    /** The runs' output under target/chaos/, for a reader of the build. */
    private static void keep(String name, String output) throws IOException {
        Path folder = Path.of("target", "chaos");
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Files.writeString(folder.resolve(name), output);
    }

    /** One {@code xlake local} process, its output collected line by line as it comes. */
    private static final class Cli {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        private Cli(Process process) {
            this.process = process;
            this.reader = new Thread(this::collect, "xlake-local-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Cli start(Path dataDir) throws IOException {
            List<String> command = new ArrayList<>();
            // SIGINT as a terminal's Ctrl-C sends it: a build started in the background (`mvn … &`)
            // passes SIGINT on ignored, and a JVM cannot handle a signal it was started ignoring
            command.addAll(List.of("env", "--default-signal=INT"));
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx1g");
            // Spark's --add-opens, as this JVM got them from the build
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                    .forEach(command::add);
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add("dev.xlake.cli.XlakeCli");
            command.addAll(List.of(
                    "local",
                    "--data-dir",
                    dataDir.toString(),
                    // one tick of two of the emulator's smaller topics: it backfills their 7 days
                    "--ticks",
                    "1",
                    "--query",
                    "football=(#PremierLeague OR #UCL OR #LaLiga) lang:en",
                    "--query",
                    "laliga=#LaLiga"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("XLAKE_LOG_LEVEL", "info");
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            return new Cli(builder.start());
        }

        private void collect() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output lost: " + e.getMessage() + ")");
            }
        }

        /** Waits for a line matching {@code pattern} after the last one waited for. */
        private int seen;

        void awaitLine(Pattern pattern) {
            await().atMost(RUN_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .alias("a line matching " + pattern)
                    .until(() -> {
                        for (int i = seen; i < lines.size(); i++) {
                            if (pattern.matcher(lines.get(i)).find()) {
                                seen = i + 1;
                                return true;
                            }
                        }
                        if (!process.isAlive()) {
                            throw new AssertionError(
                                    "the run ended before a line matching " + pattern + ":\n" + output());
                        }
                        return false;
                    });
        }

        void signal(String name) throws Exception {
            if (name.equals("KILL")) {
                process.destroyForcibly();
                return;
            }
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("xlake local did not end within " + RUN_TIMEOUT + ":\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}
