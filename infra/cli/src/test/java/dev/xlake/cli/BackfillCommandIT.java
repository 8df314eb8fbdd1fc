package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.emulator.FaultPlan;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code xlake backfill} against the emulator's full archive and the embedded S3 (real time: 1 s between pages). */
class BackfillCommandIT {

    /** One hour, ten days ago: outside recent search's window. */
    static final Instant END = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.HOURS);

    static final Instant START = END.minus(Duration.ofHours(1));

    private final FaultPlan faults = FaultPlan.none();
    private FetchServers servers;
    private CapturedCli cli;
    private Instant end = END;

    @BeforeEach
    void start() {
        servers = new FetchServers(faults);
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    /** {@code xlake backfill} of the kpop window into the bucket, against both servers, with {@code extra}. */
    private int backfill(String... extra) {
        cli = new CapturedCli();
        cli.<BackfillCommand>command("backfill").lambda.shell = FetchServers.SHELL;
        List<String> args = new ArrayList<>(List.of(
                "backfill",
                "--bucket",
                FetchServers.BUCKET,
                "--query-name",
                "kpop",
                "--query",
                "kpop",
                "--start",
                START.toString(),
                "--end",
                end.toString(),
                "--max-results",
                "10"));
        args.addAll(servers.endpointOptions());
        args.addAll(List.of(extra));
        return cli.execute(args);
    }

    private List<String> keys() {
        return servers.keys("");
    }

    @Test
    void shouldBackfillTheWindowAndDoNothingMoreWhenRunAgain() {
        // When
        int exit = backfill();

        // Then the window's tweets are in full-archive pages with a manifest, and the job is complete
        int truth = servers.x.groundTruthIds("kpop", START, END).size();
        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .startsWith("kpop")
                .contains("backfill complete", truth + " tweets", "_manifest.json");
        assertThat(keys())
                .contains("state/x/full-archive/query=kpop/backfill.json")
                .filteredOn(k -> k.startsWith("raw/x/full-archive/query=kpop/"))
                .anyMatch(k -> k.endsWith("/page-00002.json.gz"))
                .anyMatch(k -> k.endsWith("/_manifest.json"));
        int requests = servers.x.requestCount();

        // When run again: nothing to do, no request
        assertThat(backfill()).isZero();
        assertThat(cli.out.toString()).contains("backfill complete", "0 pages");
        assertThat(servers.x.requestCount()).isEqualTo(requests);
        assertThat(cli.out.toString() + cli.err.toString()).doesNotContain(FetchServers.TOKEN);
    }

    @Test
    void shouldExitNonZeroWithOneLineOn402AndKeepTheJob() {
        faults.add(FaultPlan.Fault.of(FaultPlan.Kind.CREDITS_DEPLETED), 1);

        int exit = backfill();

        assertThat(exit).isEqualTo(XlakeCli.EXIT_FAILURE);
        assertThat(cli.err.toString().lines())
                .anyMatch(l -> l.startsWith("Cannot backfill: X answered 402 CreditsDepleted"));
        assertThat(keys()).contains("state/x/full-archive/query=kpop/backfill.json");

        // and the next run completes it
        assertThat(backfill()).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("backfill complete");
    }

    @Test
    void shouldOnlyWriteTheJobWithCreateOnly() {
        int exit = backfill("--create-only", "--budget-usd", "25");

        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("state/x/full-archive/query=kpop/backfill.json");
        assertThat(servers.x.requestCount()).isZero();
        assertThat(backfill("--create-only")).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(cli.err.toString()).contains("exists; run without --create-only");
    }

    @Test
    void shouldRefuseAWindowThatEndsInTheFuture() {
        end = Instant.now().plus(Duration.ofDays(1));
        int exit = backfill();

        assertThat(exit).isEqualTo(XlakeCli.EXIT_USAGE);
        assertThat(cli.err.toString()).contains("is in the future");
    }
}
