package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.emulator.FaultPlan;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code xlake backfill} against the emulator's full archive and the embedded S3 (real time: 1 s between pages). */
class BackfillCommandIT {

    /** One hour, ten days ago: outside recent search's window. */
    static final Instant END = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.HOURS);

    static final Instant START = END.minus(Duration.ofHours(1));

    private EmbeddedS3 s3;
    private XApiEmulator x;
    private final FaultPlan faults = FaultPlan.none();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Instant end = END;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.builder().start();
        s3.createBucket("lake");
        x = XApiEmulator.builder().bearerToken("cli-token").faults(faults).start();
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

    private int backfill(String... extra) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        BackfillCommand command = cli.getSubcommands().get("backfill").getCommand();
        command.environment = Map.of("X_BEARER_TOKEN", "cli-token", "AWS_REGION", "us-east-1");
        List<String> args = new ArrayList<>(List.of(
                "backfill",
                "--bucket",
                "lake",
                "--query-name",
                "kpop",
                "--query",
                "kpop",
                "--start",
                START.toString(),
                "--end",
                end.toString(),
                "--max-results",
                "10",
                "--s3-endpoint",
                s3.endpoint().toString(),
                "--x-api-url",
                x.baseUrl()));
        args.addAll(List.of(extra));
        return cli.execute(args.toArray(String[]::new));
    }

    private List<String> keys() {
        try (S3Client client = s3.newClient()) {
            return client.listObjectsV2Paginator(b -> b.bucket("lake")).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    @Test
    void shouldBackfillTheWindowAndDoNothingMoreWhenRunAgain() {
        // When
        int exit = backfill();

        // Then the window's tweets are in full-archive pages with a manifest, and the job is complete
        int truth = x.groundTruthIds("kpop", START, END).size();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .startsWith("kpop")
                .contains("backfill complete", truth + " tweets", "_manifest.json");
        assertThat(keys())
                .contains("state/x/full-archive/query=kpop/backfill.json")
                .filteredOn(k -> k.startsWith("raw/x/full-archive/query=kpop/"))
                .anyMatch(k -> k.endsWith("/page-00002.json.gz"))
                .anyMatch(k -> k.endsWith("/_manifest.json"));
        int requests = x.requestCount();

        // When run again: nothing to do, no request
        assertThat(backfill()).isZero();
        assertThat(out.toString()).contains("backfill complete", "0 pages");
        assertThat(x.requestCount()).isEqualTo(requests);
        assertThat(out.toString() + err.toString()).doesNotContain("cli-token");
    }

    @Test
    void shouldExitNonZeroWithOneLineOn402AndKeepTheJob() {
        faults.add(FaultPlan.Fault.of(FaultPlan.Kind.CREDITS_DEPLETED), 1);

        int exit = backfill();

        assertThat(exit).isEqualTo(XlakeCli.EXIT_FAILURE);
        assertThat(err.toString().lines())
                .anyMatch(l -> l.startsWith("Cannot backfill: X answered 402 CreditsDepleted"));
        assertThat(keys()).contains("state/x/full-archive/query=kpop/backfill.json");

        // and the next run completes it
        assertThat(backfill()).as(err.toString()).isZero();
        assertThat(out.toString()).contains("backfill complete");
    }

    @Test
    void shouldOnlyWriteTheJobWithCreateOnly() {
        int exit = backfill("--create-only", "--budget-usd", "25");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("state/x/full-archive/query=kpop/backfill.json");
        assertThat(x.requestCount()).isZero();
        assertThat(backfill("--create-only")).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("exists; run without --create-only");
    }

    @Test
    void shouldRefuseAWindowThatEndsInTheFuture() {
        end = Instant.now().plus(Duration.ofDays(1));
        int exit = backfill();

        assertThat(exit).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("is in the future");
    }
}
