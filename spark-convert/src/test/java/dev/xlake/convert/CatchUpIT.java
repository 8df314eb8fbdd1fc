package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LakeFolder.catalog;
import static dev.xlake.convert.fixtures.LakeFolder.readBack;
import static dev.xlake.convert.fixtures.LakeFolder.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.FlakyLocalFileSystem;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LocalRuns;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.SparkPerClass;
import dev.xlake.core.layout.RunIds;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-healing conversions ({@link CatchUp}): the runs of a conversion that failed are converted by
 * the next conversion, which was given other manifests or none; a conversion with nothing left to
 * convert is a no-op.
 */
class CatchUpIT {

    @RegisterExtension
    static final SparkPerClass SPARK = SparkPerClass.withRetriedTasks();

    @TempDir
    Path bucket;

    private IcebergGenericLake lake;

    @AfterEach
    void closeLake() throws Exception {
        FlakyLocalFileSystem.failOpening(null, 0);
        if (lake != null) {
            lake.close();
        }
    }

    private ConvertSummary convert(List<String> manifests) {
        return Converter.run(
                SPARK.session(),
                new ConvertOptions(
                        manifests,
                        null,
                        warehouse(bucket),
                        null,
                        null,
                        catalog(bucket),
                        ConvertOptions.DEFAULT_CATCH_UP_DAYS));
    }

    private static String flaky(org.apache.hadoop.fs.Path manifest) {
        return FlakyLocalFileSystem.SCHEME + "://" + manifest.toUri().getPath();
    }

    @Test
    void shouldConvertTheRunsOfAFailedConversionInTheNextOneWithNobodyActing() throws Exception {
        // Given two runs of today: A's conversion failed (its first page cannot be read, every attempt),
        // and B, fetched later, with some of A's tweets fetched again
        PageGenerator generator = new PageGenerator(11, 200);
        ExpectedRows expected = new ExpectedRows();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant earlier = now.minus(15, ChronoUnit.MINUTES);
        String runA = RunIds.format(earlier, 0xa);
        String runB = RunIds.format(now, 0xb);
        // A is caught up from the bucket's listing, so its pages are named by their file: path
        LocalRuns listed = LocalRuns.readAsFiles(bucket, generator);
        LocalRuns given = LocalRuns.readThroughFlaky(bucket, generator);
        List<String> ids = PageGenerator.idsBackFrom(earlier, 600, 60_000);
        org.apache.hadoop.fs.Path a = listed.run("kpop", runA, earlier, ids.subList(0, 400), 0, expected);
        org.apache.hadoop.fs.Path b = given.run("kpop", runB, now, ids.subList(300, 600), 100, expected);
        FlakyLocalFileSystem.failOpening("page-00001.json.gz", 1_000);
        assertThatThrownBy(() -> convert(List.of(flaky(a)))).isNotNull();
        FlakyLocalFileSystem.failOpening(null, 0);
        try (IcebergGenericLake failed = readBack(bucket)) {
            assertThat(failed.snapshots("tweets")).isEmpty();
        }

        // When the next conversion is given B only
        ConvertSummary summary = convert(List.of(flaky(b)));
        lake = readBack(bucket);

        // Then it converted A too: every row once, newest fetch winning, both runs in both ledgers
        assertThat(summary.pages()).isEqualTo(7);
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        for (String table : List.of("tweets", "users")) {
            assertThat(lake.snapshots(table))
                    .extracting(s -> s.summary().get(IcebergLake.RUNS_PROPERTY))
                    .containsExactly(runA + "," + runB);
        }

        // And a conversion given nothing (an event re-delivered, a catch-up only step) adds nothing
        List<Snapshot> before = lake.snapshots("tweets");
        ConvertSummary again = Converter.run(
                SPARK.session(),
                new ConvertOptions(List.of(), null, warehouse(bucket), null, null, catalog(bucket), 3));
        assertThat(again.pages()).isZero();
        assertThat(lake.snapshots("tweets")).hasSameSizeAs(before);
    }

    @Test
    void shouldLeaveRunsOutsideTheWindowAndRunsWithoutManifestAlone() {
        // Given a run of 10 days ago never converted, and today's run given
        PageGenerator generator = new PageGenerator(12, 200);
        ExpectedRows ignored = new ExpectedRows();
        ExpectedRows expected = new ExpectedRows();
        LocalRuns runs = LocalRuns.readAsFiles(bucket, generator);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(10, ChronoUnit.DAYS);
        runs.run("kpop", RunIds.format(old, 1), old, PageGenerator.idsBackFrom(old, 100, 60_000), 0, ignored);
        org.apache.hadoop.fs.Path today =
                runs.run("kpop", RunIds.format(now, 2), now, PageGenerator.idsBackFrom(now, 200, 60_000), 0, expected);

        // When today's run is converted
        ConvertSummary summary = convert(List.of(today.toString()));

        // Then only it is in the tables
        assertThat(summary.pages()).isEqualTo(2);
        lake = readBack(bucket);
        assertThat(lake.tweets().keySet()).isEqualTo(expected.tweets().keySet());
    }
}
