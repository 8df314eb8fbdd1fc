package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.emulator.FaultPlan;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code xlake fetch} against the emulator and the embedded S3: the Lambda's code path from the command line. */
class FetchCommandIT {

    private EmbeddedS3 s3;
    private XApiEmulator x;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.builder().start();
        s3.createBucket("lake");
        x = XApiEmulator.builder()
                .bearerToken("cli-token")
                .faults(FaultPlan.parse("503x2"))
                .start();
        // The SDK's default credential chain reads these, as it reads AWS_ACCESS_KEY_ID in a shell.
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        x.close();
        s3.close();
    }

    /** The CLI with the token and region a shell would have. */
    private CommandLine cli() {
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        FetchCommand fetch = cli.getSubcommands().get("fetch").getCommand();
        fetch.environment = Map.of("X_BEARER_TOKEN", "cli-token", "AWS_REGION", "us-east-1");
        return cli;
    }

    @Test
    void shouldStorePagesManifestAndCheckpointInOneTick() {
        // When one tick runs through two 503s
        int exit = fetchKpop("--max-pages", "2");

        // Then it stopped at the page cap, with its manifest, pages and checkpoint in S3
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines())
                .singleElement()
                .asString()
                .startsWith("kpop")
                .contains("max_pages", "2 pages", "200 tweets", "_manifest.json");
        try (S3Client client = s3.newClient()) {
            List<String> keys = client.listObjectsV2Paginator(b -> b.bucket("lake")).contents().stream()
                    .map(S3Object::key)
                    .toList();
            assertThat(keys)
                    .filteredOn(k -> k.startsWith("raw/x/recent-search/query=kpop/"))
                    .hasSize(3)
                    .anyMatch(k -> k.endsWith("/page-00001.json.gz"))
                    .anyMatch(k -> k.endsWith("/page-00002.json.gz"))
                    .anyMatch(k -> k.endsWith("/_manifest.json"));
            assertThat(keys).contains("state/x/recent-search/query=kpop/checkpoint.json");
        }
        assertThat(x.requestCount()).isEqualTo(4);
        assertThat(out.toString() + err.toString()).doesNotContain("cli-token");
    }

    @Test
    void shouldFetchEveryQueryOfAQueriesFileInOneTick(@TempDir Path dir) throws Exception {
        // Given a topic list
        Path file = dir.resolve("topics.json");
        Files.writeString(
                file,
                "[{\"name\":\"kpop\",\"query\":\"#kpop\"},{\"name\":\"crypto\",\"query\":\"crypto\"},"
                        + "{\"name\":\"football\",\"query\":\"football\"}]");
        CommandLine cli = cli();

        // When
        int exit = cli.execute(
                "fetch",
                "--bucket",
                "lake",
                "--queries-file",
                file.toString(),
                "--s3-endpoint",
                s3.endpoint().toString(),
                "--x-api-url",
                x.baseUrl(),
                "--max-pages",
                "1");

        // Then each query was fetched, in the order of the file (none reached before)
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines())
                .hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("kpop").contains("max_pages", "1 pages"),
                        line -> assertThat(line).startsWith("crypto").doesNotContain("FAILED"),
                        line -> assertThat(line).startsWith("football").doesNotContain("FAILED"));
        try (S3Client client = s3.newClient()) {
            assertThat(
                            client
                                    .listObjectsV2Paginator(
                                            b -> b.bucket("lake").prefix("state/x/recent-search/"))
                                    .contents()
                                    .stream()
                                    .map(S3Object::key))
                    .containsExactlyInAnyOrder(
                            "state/x/recent-search/query=crypto/checkpoint.json",
                            "state/x/recent-search/query=football/checkpoint.json",
                            "state/x/recent-search/query=kpop/checkpoint.json");
        }
    }

    private int fetchKpop(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "fetch",
                "--bucket",
                "lake",
                "--query-name",
                "kpop",
                "--query",
                "#kpop",
                "--s3-endpoint",
                s3.endpoint().toString(),
                "--x-api-url",
                x.baseUrl()));
        args.addAll(List.of(extra));
        return cli().execute(args.toArray(String[]::new));
    }

    @Test
    void shouldStopBeforeExceedingTheDailyBudgetAndRecordTheSpendInTheLedger() {
        // Given a $5 daily budget: one page of 100 worst-cases at $4.50 (300 posts, 300 users)

        // When
        int exit = fetchKpop("--daily-budget-usd", "5");

        // Then the first page fitted, the second could not
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines()).singleElement().asString().contains("budget_exhausted", "1 pages", "~$");
        try (S3Client client = s3.newClient()) {
            assertThat(client.listObjectsV2Paginator(b -> b.bucket("lake").prefix("state/x/spend/")).contents().stream()
                            .map(S3Object::key))
                    .singleElement()
                    .asString()
                    .matches("state/x/spend/day=\\d{4}-\\d{2}-\\d{2}\\.json");
        }
    }

    @Test
    void shouldExitNonZeroWithOneLineNamingCreditsDepleted() {
        // Given an X account out of credits
        x.faults().clear();
        x.faults().add(FaultPlan.Fault.of(FaultPlan.Kind.CREDITS_DEPLETED), 1);

        // When
        int exit = fetchKpop();

        // Then
        assertThat(exit).isEqualTo(XlakeCli.EXIT_FAILURE);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("Cannot fetch: X answered 402 CreditsDepleted: add credits");
        assertThat(x.requestCount()).isEqualTo(1);
    }
}
