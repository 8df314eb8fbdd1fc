package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.emulator.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xlake fetch} against the emulator and the embedded S3: the Lambda's code path from the command line. */
class FetchCommandIT {

    private FetchServers servers;
    private final CapturedCli cli = new CapturedCli();

    @BeforeEach
    void start() {
        servers = new FetchServers(FaultPlan.parse("503x2"));
        cli.<FetchCommand>command("fetch").lambda.shell = FetchServers.SHELL;
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void shouldStorePagesManifestAndCheckpointInOneTick() {
        // When one tick runs through two 503s
        int exit = fetchKpop("--max-pages", "2");

        // Then it stopped at the page cap, with its manifest, pages and checkpoint in S3
        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString().lines())
                .singleElement()
                .asString()
                .startsWith("kpop")
                .contains("max_pages", "2 pages", "200 tweets", "_manifest.json");
        assertThat(servers.keys("raw/x/recent-search/query=kpop/"))
                .hasSize(3)
                .anyMatch(k -> k.endsWith("/page-00001.json.gz"))
                .anyMatch(k -> k.endsWith("/page-00002.json.gz"))
                .anyMatch(k -> k.endsWith("/_manifest.json"));
        assertThat(servers.keys("state/x/")).contains("state/x/recent-search/query=kpop/checkpoint.json");
        assertThat(servers.x.requestCount()).isEqualTo(4);
        assertThat(cli.out.toString() + cli.err.toString()).doesNotContain(FetchServers.TOKEN);
    }

    @Test
    void shouldFetchEveryQueryOfAQueriesFileInOneTick(@TempDir Path dir) throws Exception {
        // Given a topic list
        Path file = dir.resolve("topics.json");
        Files.writeString(
                file,
                "[{\"name\":\"kpop\",\"query\":\"#kpop\"},{\"name\":\"crypto\",\"query\":\"crypto\"},"
                        + "{\"name\":\"football\",\"query\":\"football\"}]");

        // When
        int exit = fetch("--queries-file", file.toString(), "--max-pages", "1");

        // Then each query was fetched, in the order of the file (none reached before)
        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString().lines())
                .hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("kpop").contains("max_pages", "1 pages"),
                        line -> assertThat(line).startsWith("crypto").doesNotContain("FAILED"),
                        line -> assertThat(line).startsWith("football").doesNotContain("FAILED"));
        assertThat(servers.keys("state/x/recent-search/"))
                .containsExactlyInAnyOrder(
                        "state/x/recent-search/query=crypto/checkpoint.json",
                        "state/x/recent-search/query=football/checkpoint.json",
                        "state/x/recent-search/query=kpop/checkpoint.json");
    }

    private int fetchKpop(String... extra) {
        return fetch(Stream.concat(Stream.of("--query-name", "kpop", "--query", "#kpop"), Stream.of(extra))
                .toArray(String[]::new));
    }

    /** {@code xlake fetch} into the bucket, against both servers, with {@code options}. */
    private int fetch(String... options) {
        List<String> args = new ArrayList<>(List.of("fetch", "--bucket", FetchServers.BUCKET));
        args.addAll(servers.endpointOptions());
        args.addAll(List.of(options));
        return cli.execute(args);
    }

    @Test
    void shouldStopBeforeExceedingTheDailyBudgetAndRecordTheSpendInTheLedger() {
        // Given a $5 daily budget: one page of 100 worst-cases at $4.50 (300 posts, 300 users)

        // When
        int exit = fetchKpop("--daily-budget-usd", "5");

        // Then the first page fitted, the second could not
        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString().lines()).singleElement().asString().contains("budget_exhausted", "1 pages", "~$");
        assertThat(servers.keys("state/x/spend/"))
                .singleElement()
                .asString()
                .matches("state/x/spend/day=\\d{4}-\\d{2}-\\d{2}\\.json");
    }

    @Test
    void shouldExitNonZeroWithOneLineNamingCreditsDepleted() {
        // Given an X account out of credits
        servers.x.faults().clear();
        servers.x.faults().add(FaultPlan.Fault.of(FaultPlan.Kind.CREDITS_DEPLETED), 1);

        // When
        int exit = fetchKpop();

        // Then
        assertThat(exit).isEqualTo(XlakeCli.EXIT_FAILURE);
        assertThat(cli.err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("Cannot fetch: X answered 402 CreditsDepleted: add credits");
        assertThat(servers.x.requestCount()).isEqualTo(1);
    }
}
