package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class XlakeCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private final CommandLine cli = XlakeCli.commandLine();

    private int run(String... args) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** {@code xlake convert} of one manifest into a SQLite catalog. */
    private int convert(Path catalog, Path manifest, Path output) {
        return run(
                "convert",
                "--catalog",
                "jdbc:sqlite:" + catalog,
                "--manifest",
                manifest.toString(),
                "--output",
                output.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "fetch", "convert", "sql", "maintain", "s3", "x-emulator"})
    void shouldPrintHelpForEveryCommand(String command) {
        // When
        int exit = run(command, "--help");

        // Then
        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Usage: xlake " + command).contains("--help");
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"s3, 9000", "x-emulator, 8080"})
    void shouldShowEachServersDefaultPortAndRejectAPortOutOfRange(String command, int defaultPort) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--port=P", "Default: " + defaultPort + ".");

        assertThat(run(command, "--port", "70000")).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Cannot use port 70000: must be 0-65535");
    }

    @Test
    void shouldListCommandsWhenRunWithoutArguments() {
        int exit = run();

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("local", "fetch", "convert", "sql", "s3", "x-emulator");
    }

    @Test
    void shouldReportMissingRequiredOptionOnOneLine() {
        // When
        int exit = run("fetch", "--query-name", "kpop", "--query", "#kpop");

        // Then
        assertThat(exit).as(err.toString()).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("xlake fetch: Missing required option: '--bucket=B'")
                .endsWith("(see 'xlake fetch --help')");
    }

    @Test
    void shouldPrintFailureCausesOnOneLine() {
        Exception failure = new IllegalStateException(
                "Cannot fetch kpop: X API said 401", new java.io.IOException("Unauthorized\nsecond line"));

        assertThat(XlakeCli.OneLineFailure.messageChain(failure))
                .isEqualTo("Cannot fetch kpop: X API said 401: Unauthorized second line");
    }

    @Test
    void shouldRequireBearerTokenForFetch() {
        // Given no token anywhere
        fetchCommand().lambda.shell = Map.of();

        // When
        int exit = run("fetch", "--bucket", "b", "--query-name", "kpop", "--query", "#kpop");

        // Then the Lambda's own configuration check names the variables, on one line
        assertThat(exit).as(err.toString()).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("xlake fetch: Cannot configure fetch: X bearer token: set exactly one of")
                .contains("X_BEARER_TOKEN");
    }

    @Test
    void shouldTurnFetchOptionsIntoTheLambdaEnvironment() {
        // Given
        FetchCommand fetch = fetchCommand();
        fetch.lambda.shell = Map.of("XLAKE_X_BEARER_SECRET_ID", "prod-secret", "AWS_REGION", "eu-west-1");
        cli.parseArgs(
                "fetch",
                "--bucket",
                "lake",
                "--query-name",
                "kpop",
                "--query",
                "#kpop \"lang\":en",
                "--s3-endpoint",
                "http://localhost:4566",
                "--x-api-url",
                "http://127.0.0.1:8080",
                "--max-pages",
                "3",
                "--bearer-token-file",
                "/run/token");

        // When
        Map<String, String> env = fetch.lambdaEnvironment();

        // Then the token file is used, the secret is never used locally, and the query is valid JSON
        assertThat(env)
                .containsEntry("XLAKE_BUCKET", "lake")
                .containsEntry("XLAKE_X_API_BASE_URL", "http://127.0.0.1:8080")
                .containsEntry("XLAKE_MAX_PAGES", "3")
                .containsEntry("XLAKE_X_BEARER_TOKEN_FILE", "/run/token")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://localhost:4566")
                .containsEntry("AWS_REGION", "eu-west-1")
                .doesNotContainKeys("X_BEARER_TOKEN", "XLAKE_X_BEARER_SECRET_ID");
        assertThat(FetchConfig.parseQueries(env.get("XLAKE_QUERIES")))
                .containsExactly(new QuerySpec("kpop", "#kpop \"lang\":en"));
    }

    @Test
    void shouldTurnAQueriesFileIntoTheLambdaEnvironment(@TempDir Path dir) throws Exception {
        // Given a file in the format of XLAKE_QUERIES
        Path file = dir.resolve("topics.json");
        Files.writeString(
                file, "[{\"name\":\"kpop\",\"query\":\"#kpop\"},{\"name\":\"news\",\"query\":\"breaking news\"}]");
        FetchCommand fetch = fetchCommand();
        fetch.lambda.shell = Map.of("X_BEARER_TOKEN", "t");
        cli.parseArgs("fetch", "--bucket", "lake", "--queries-file", file.toString());

        // When
        Map<String, String> env = fetch.lambdaEnvironment();

        // Then the Lambda gets every query, in file order
        assertThat(FetchConfig.parseQueries(env.get("XLAKE_QUERIES")))
                .containsExactly(new QuerySpec("kpop", "#kpop"), new QuerySpec("news", "breaking news"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[{\"name\":\"a\",\"query\":\"x\"},{\"name\":\"K-Pop!\",\"query\":\"x\"}]"
                        + " | topics.json[1].name: Cannot use query name 'K-Pop!': it must match [a-z0-9-]{1,64}",
                "[{\"name\":\"a\"}]                              | topics.json[0].query: missing",
                "[{\"name\":\"a\",\"query\":7}]                | topics.json[0].query: must be a string, got 7",
                "[{\"name\":\"a\",\"query\":\"\"}]           | topics.json[0].query: Cannot use query text of 'a'",
                "{\"name\":\"a\"}                                | topics.json: must be a non-empty JSON array",
                "[{\"name\":\"a\",\"query\":\"x\"},{\"name\":\"a\",\"query\":\"y\"}]"
                        + " | topics.json[1].name: duplicate query name 'a'",
                "[{\"name\":                                       | topics.json: not valid JSON"
            })
    void shouldNameTheFileTheItemAndTheFieldOfABadQueriesFile(String content, String problem, @TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("topics.json");
        Files.writeString(file, content);
        fetchCommand().lambda.shell = Map.of("X_BEARER_TOKEN", "t");

        // When
        int exit = run("fetch", "--bucket", "b", "--queries-file", file.toString());

        // Then
        assertThatUsageError(exit).contains("Cannot read queries from " + dir.resolve(problem.strip()));
    }

    @Test
    void shouldNameAMissingQueriesFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        int exit = run("fetch", "--bucket", "b", "--queries-file", missing.toString());

        assertThatUsageError(exit).contains("Cannot read --queries-file " + missing + ": no such file");
    }

    @Test
    void shouldRefuseAQueriesFileTogetherWithAQuery(@TempDir Path dir) {
        int exit = run(
                "fetch",
                "--bucket",
                "b",
                "--queries-file",
                dir.resolve("q.json").toString(),
                "--query-name",
                "kpop",
                "--query",
                "#kpop");

        assertThatUsageError(exit).contains("mutually exclusive");
    }

    @Test
    void shouldRequireAQueryOrAQueriesFile() {
        int exit = run("fetch", "--bucket", "b");

        assertThatUsageError(exit).contains("--queries-file").contains("--query-name");
    }

    @Test
    void shouldCheckMaxPagesBeforeTheTokenAndNameTheOption() {
        // Given no token anywhere
        fetchCommand().lambda.shell = Map.of();

        // When
        int exit = run("fetch", "--bucket", "b", "--query-name", "kpop", "--query", "#kpop", "--max-pages", "0");

        // Then the option is named, not the Lambda's variable
        assertThatUsageError(exit)
                .contains("--max-pages")
                .contains("at least 1")
                .doesNotContain("XLAKE_MAX_PAGES");
    }

    @Test
    void shouldRefuseATokenFileAndTheTokenVariableTogether() {
        // Given a token in the environment
        fetchCommand().lambda.shell = Map.of("X_BEARER_TOKEN", "from-env");

        // When a token file is given too
        int exit = run(
                "fetch",
                "--bucket",
                "b",
                "--query-name",
                "kpop",
                "--query",
                "#kpop",
                "--bearer-token-file",
                "/run/token");

        // Then neither silently wins
        assertThatUsageError(exit).contains("--bearer-token-file").contains("X_BEARER_TOKEN");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--manifest s3:// --output s3://lake/curated        | --manifest 's3://'      | s3://BUCKET/KEY",
                "--manifest s3://lake --output s3://lake/curated    | --manifest 's3://lake'  | s3://BUCKET/KEY",
                "--input s3://lake/raw --output s3://               | --output 's3://'        | s3://BUCKET/PREFIX",
                "--input s3://lake/raw --output s3://lake           | --output 's3://lake'    | s3://BUCKET/PREFIX",
                "--input s3a:///raw --output s3://lake/curated      | --input 's3a:///raw'    | s3://BUCKET/PREFIX",
                "--input s3://lake/raw --output s3://lake/c --quarantine s3://q | --quarantine 's3://q' | s3://BUCKET/PREFIX"
            })
    void shouldRejectS3UrisWithoutBucketOrPrefix(String args, String named, String expectedForm) {
        // When
        int exit = run(("convert --catalog jdbc:sqlite:unused.db " + args).split(" "));

        // Then the option and the expected form are named
        assertThatUsageError(exit)
                .startsWith("xlake convert: Cannot convert: " + named)
                .contains("expected " + expectedForm);
    }

    @Test
    void shouldRejectAManifestThatIsAFolder(@TempDir Path folder) {
        int exit = convert(folder.resolve("catalog.db"), folder, folder.resolve("out"));

        assertThatUsageError(exit)
                .startsWith("xlake convert: Cannot convert: --manifest '" + folder + "' is a directory")
                .contains("_manifest.json");
    }

    @Test
    void shouldRefuseAnOutputInsideTheEmbeddedS3FilesOfALocalDataDir(@TempDir Path dataDir) throws Exception {
        // Given an xlake local data dir and a manifest
        java.nio.file.Files.createDirectories(dataDir.resolve("s3/xlake/raw"));
        java.nio.file.Files.writeString(dataDir.resolve("catalog.db"), "");
        Path manifest = java.nio.file.Files.writeString(dataDir.resolve("_manifest.json"), "{}");

        // When converting into its bucket's files
        int exit = convert(dataDir.resolve("other.db"), manifest, dataDir.resolve("s3/xlake/curated"));

        // Then one line says why and what to do instead (it used to write there, and the next
        // xlake local failed with a 202-line NoVersionAttributeException)
        assertThatUsageError(exit)
                .startsWith("xlake convert: Cannot convert: --output '" + dataDir.resolve("s3/xlake/curated")
                        + "' is inside the embedded S3 files of the xlake local data dir " + dataDir)
                .contains("xlake s3 --dir " + dataDir.resolve("s3"))
                .contains("--output s3://xlake/curated --s3-endpoint");
    }

    @Test
    void shouldRejectABadBucketNameBeforeCreatingTheDataDir(@TempDir Path tmp) {
        Path dataDir = tmp.resolve("data");

        int exit = run("local", "--bucket", "My_Bucket", "--data-dir", dataDir.toString());

        assertThatUsageError(exit)
                .startsWith("xlake local: Invalid value for option '--bucket'")
                .contains("'My_Bucket'")
                .endsWith("(see 'xlake local --help')");
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldRejectABadBucketNameForTheS3Server(@TempDir Path tmp) {
        int exit = run("s3", "--port", "0", "--dir", tmp.toString(), "--bucket", "ab");

        assertThatUsageError(exit)
                .startsWith("xlake s3: Invalid value for option '--bucket'")
                .contains("'ab'");
    }

    @Test
    void shouldRequireTheTokenForTheRealXApiBeforeCreatingTheDataDir(@TempDir Path tmp) {
        Path dataDir = tmp.resolve("data");
        localCommand().environment = Map.of();

        int exit = run("local", "--x-api-url", "http://127.0.0.1:1", "--data-dir", dataDir.toString());

        assertThatUsageError(exit).contains("X_BEARER_TOKEN");
        assertThat(dataDir).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "-h"})
    void shouldRejectUnknownCommandWhateverFollows(String option) {
        int exit = run("forecast", option);

        assertThatUsageError(exit).startsWith("xlake: Unmatched argument");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRejectABadCatalogInOneLineBeforeDoingAnything(@TempDir Path folder) {
        int exit = run(
                "convert",
                "--input",
                folder.toString(),
                "--output",
                folder.resolve("out").toString(),
                "--catalog",
                "mysql://x");

        assertThatUsageError(exit)
                .startsWith("xlake convert: Cannot use catalog mysql://x: expected jdbc:sqlite:<file> or glue");
        assertThat(folder).isEmptyDirectory();
    }

    /** Bad arguments, each with what its one line on stderr must say. */
    static Stream<Arguments> badArguments() {
        Stream<Arguments> ports = Stream.of("65536", "-1", "eighty")
                .map(port -> bad("port " + port, "xlake s3: Invalid value for option '--port'", "s3", "--port", port));
        Stream<Arguments> durations = Stream.of("soon", "0s", "-5m", "15 minutes")
                .map(duration -> bad(
                        "duration " + duration,
                        "'--time-budget'",
                        "fetch",
                        "--bucket",
                        "b",
                        "--query-name",
                        "q",
                        "--query",
                        "x",
                        "--time-budget",
                        duration));
        Stream<Arguments> faults = Stream.of("kill-fetch=0", "kill-fetch", "503x2,teapot", "slow")
                .map(fault -> bad("fault " + fault, "xlake local: Cannot parse fault", "local", "--faults", fault));
        Stream<Arguments> ticks = Stream.of("0", "1001")
                .map(count -> bad(
                        count + " ticks", "Cannot run " + count + " ticks: must be 1-1000", "local", "--ticks", count));
        Stream<Arguments> maintainAges = Stream.of(
                        "hive|7d|Cannot use catalog hive: expected jdbc:sqlite:<file> or glue",
                        "glue|0d|Invalid value for option '--older-than': duration '0d' must be positive",
                        "glue|soon|Invalid value for option '--older-than': 'soon' is not a duration")
                .map(row -> row.split("\\|"))
                .map(row -> bad(
                        "maintain " + row[0] + " " + row[1],
                        "xlake maintain: " + row[2],
                        "maintain",
                        "--output",
                        "/tmp/lake",
                        "--catalog",
                        row[0],
                        "--older-than",
                        row[1]));
        Stream<Arguments> others = Stream.of(
                bad(
                        "a query name that cannot be an S3 key segment",
                        "Cannot use query name 'K-Pop!': it must match [a-z0-9-]{1,64}",
                        "fetch",
                        "--bucket",
                        "b",
                        "--query-name",
                        "K-Pop!",
                        "--query",
                        "#kpop"),
                bad(
                        "a query longer than X allows",
                        "it must be 1-512 characters, got 513",
                        "local",
                        "--query",
                        "long=" + "x".repeat(513)),
                bad("a query without a name", "'#kpop' is not NAME=TEXT", "local", "--query", "#kpop"),
                bad(
                        "no pages per tick",
                        "xlake local: Cannot run: --max-pages must be at least 1, got 0",
                        "local",
                        "--max-pages",
                        "0"),
                bad(
                        "an endpoint that is not an http URL",
                        "'localhost:4566' is not an http(s) URL with a host",
                        "local",
                        "--s3-endpoint",
                        "localhost:4566"),
                bad("an unknown command", "xlake: Unmatched argument", "deploy"),
                bad(
                        "sql with a bad catalog",
                        "xlake sql: Cannot use catalog hive: expected jdbc:sqlite:<file> or glue",
                        "sql",
                        "--catalog",
                        "hive",
                        "--output",
                        "/tmp/lake",
                        "SELECT 1"),
                bad(
                        "convert with both --manifest and --input",
                        "xlake convert: Cannot convert: give either --manifest (one or more) or --input",
                        "convert",
                        "--catalog",
                        "glue",
                        "--manifest",
                        "s3://b/m.json",
                        "--input",
                        "s3://b/raw",
                        "--output",
                        "s3://b/curated"),
                bad(
                        "faults against the real X API",
                        "--faults needs the emulator",
                        "local",
                        "--faults",
                        "503",
                        "--x-api-url",
                        "https://api.x.com"));
        return Stream.of(ports, durations, faults, ticks, maintainAges, others).flatMap(rows -> rows);
    }

    private static Arguments bad(String what, String message, String... args) {
        return Arguments.of(what, message, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void shouldRejectBadArgumentsWithExit2AndOneLine(String what, String message, String[] args) {
        int exit = run(args);

        assertThatUsageError(exit).contains(message);
    }

    /** Exit 2 and one line on stderr; returns that line to check. */
    /** Every duration and URI option of every command, found in the command model, with a bad value. */
    static Stream<Arguments> durationAndUriOptions() {
        List<Arguments> options = new ArrayList<>();
        XlakeCli.commandLine().getSubcommands().forEach((command, line) -> {
            for (OptionSpec option : line.getCommandSpec().options()) {
                if (option.type() == Duration.class) {
                    options.add(Arguments.of(command, option.longestName(), "0d", "duration '0d' must be positive"));
                } else if (option.type() == URI.class) {
                    options.add(Arguments.of(
                            command, option.longestName(), "ftp://h", "'ftp://h' is not an http(s) URL with a host"));
                }
            }
        });
        return options.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("durationAndUriOptions")
    void shouldParseEveryDurationAndUriOptionTheCliWay(String command, String option, String value, String reason) {
        int exit = run(command, option, value);

        assertThatUsageError(exit)
                .startsWith("xlake " + command + ": Invalid value for option '" + option + "': " + reason);
    }

    private AbstractStringAssert<?> assertThatUsageError(int exit) {
        assertThat(exit).as(err.toString()).isEqualTo(XlakeCli.EXIT_USAGE);
        return assertThat(err.toString().lines()).singleElement().asString();
    }

    private FetchCommand fetchCommand() {
        return cli.getSubcommands().get("fetch").getCommand();
    }

    private LocalCommand localCommand() {
        return cli.getSubcommands().get("local").getCommand();
    }
}
