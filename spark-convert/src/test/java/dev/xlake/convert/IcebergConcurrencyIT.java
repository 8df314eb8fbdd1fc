package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LakeFolder.readBack;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_A;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_B;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LakeFolder;
import dev.xlake.convert.fixtures.LocalRuns;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.SparkPerClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two conversions committing to the same tables at the same time (two EMR steps, or a step and a
 * manual run): in no interleaving is a row lost or repeated. A conversion either succeeds with all
 * its rows in the tables, or fails with a one-line message, and converting it again adds them.
 */
class IcebergConcurrencyIT {

    @RegisterExtension
    static final SparkPerClass SPARK = SparkPerClass.local("local[4]");

    @TempDir
    Path bucket;

    @ParameterizedTest(name = "second conversion started {0} ms after the first")
    @ValueSource(ints = {0, 400, 1500})
    void shouldLoseAndRepeatNoRowWhenTwoConversionsOfOneQueryCommitConcurrently(int offsetMillis) throws Exception {
        // Given a lake holding another query, and one query's pages split into two runs whose
        // pages alternate over the same days (so their id bounds overlap in every partition)
        PageGenerator generator = new PageGenerator(5, 300);
        LocalRuns runs = LocalRuns.readAsFiles(bucket, generator);
        ExpectedRows expected = new ExpectedRows();
        convert(runs.run(
                "brexit", "20261125T200000Z-000000", T1, PageGenerator.idsBackFrom(T1, 300, 60_000), 0, expected));
        List<String> ids = PageGenerator.idsBackFrom(T1, 2_000, 120_000);
        List<String> evenPages = new ArrayList<>();
        List<String> oddPages = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
            String body = generator.page(ids.subList(page * 100, page * 100 + 100), 0);
            (page % 2 == 0 ? evenPages : oddPages).add(body);
        }
        org.apache.hadoop.fs.Path a = runs.run("kpop", RUN_A, T1, evenPages, expected);
        org.apache.hadoop.fs.Path b = runs.run("kpop", RUN_B, T2, oddPages, expected);

        // When both are converted at once, the second after the offset
        CompletableFuture<ConvertSummary> first = CompletableFuture.supplyAsync(() -> convert(a));
        TimeUnit.MILLISECONDS.sleep(offsetMillis); // the offset is the scenario, not a wait for a result
        CompletableFuture<ConvertSummary> second = CompletableFuture.supplyAsync(() -> convert(b));
        Map<String, Throwable> failures = new HashMap<>();
        outcome(first, "a", failures);
        outcome(second, "b", failures);

        // Then a failed conversion said so in one line, and converting it again adds its rows
        failures.forEach((name, failure) -> assertThat(failure.getMessage())
                .as(name + " failed with " + failure)
                .doesNotContain("\n")
                .startsWith("Cannot "));
        if (failures.containsKey("a")) {
            convert(a);
        }
        if (failures.containsKey("b")) {
            convert(b);
        }
        try (IcebergGenericLake lake = readBack(bucket)) {
            Map<String, ObjectNode> tweets = lake.tweets();
            assertSameRows(tweets, expected.tweets());
            assertThat(tweets).hasSize(2_300);
            assertSameRows(lake.users(), expected.users());
        }
    }

    private static void outcome(
            CompletableFuture<ConvertSummary> conversion, String name, Map<String, Throwable> failures)
            throws Exception {
        try {
            conversion.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            failures.put(name, e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause());
        }
    }

    private ConvertSummary convert(org.apache.hadoop.fs.Path manifest) {
        return LakeFolder.convert(SPARK.session(), bucket, List.of(manifest.toString()));
    }
}
