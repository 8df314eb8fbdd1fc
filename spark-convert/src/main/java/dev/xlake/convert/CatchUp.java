package dev.xlake.convert;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-healing conversions: besides the manifests it was given, a conversion into the Iceberg
 * tables converts every run manifest of the last {@code catchUpDays} days whose run is not yet in
 * every table's ledger ({@link RunLedger}). The days are counted back from the
 * newest {@code dt=} folder of the raw pages, not from the converter's clock: run ids follow the
 * fetcher's clock (the emulator's, locally), and a converter that runs late still sees the last
 * days that were fetched. A step that died, was never
 * submitted, or whose event was lost has its runs converted by the next conversion with no one
 * acting; a conversion whose runs are all committed lists a few folders and stops.
 *
 * <p>The manifests are found by key prefix in the bucket the output lives in, as docs/s3-layout.md
 * lays it out ({@code <output's parent>/raw/x/recent-search/query=<q>/dt=<day>/run=<id>/}, and the
 * same under {@code raw/x/full-archive/} for backfills, each folder on its own): one
 * listing of the query folders, one per query of its day folders, one per recent day and query of
 * its run folders, one existence check per uncommitted run. A run folder without a manifest is a fetch still in flight (or one that died before
 * its manifest) and is left alone. A manifest found this way that cannot be read is skipped with a
 * warning rather than failing the conversion: otherwise one bad object would stop every later
 * conversion. The window must be shorter than the tables' snapshot retention, or runs whose
 * snapshots were expired would be converted again (harmlessly: they merge, one row per key).
 */
final class CatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final Configuration conf;

    CatchUp(Configuration conf) {
        this.conf = conf;
    }

    /**
     * The pages of {@code given} plus those of the uncommitted runs found under the output's
     * bucket, or {@code given} itself when catch-up is off or the conversion reads an input prefix.
     */
    static List<PageRef> withUncommitted(
            SparkSession spark, ConvertOptions options, PageListing listing, List<PageRef> given) {
        if (options.catalog() == null || options.input() != null || options.catchUpDays() == 0) {
            return given;
        }
        IcebergLake lake = IcebergLake.open(spark, options.catalog(), options.output());
        SortedSet<String> committed = RunLedger.committedToAll(lake);
        Set<String> known = given.stream().map(PageRef::runId).collect(Collectors.toCollection(HashSet::new));
        known.addAll(committed);
        CatchUp catchUp = new CatchUp(spark.sparkContext().hadoopConfiguration());
        List<Path> manifests = new ArrayList<>();
        for (Path root : rawRoots(options.output())) {
            manifests.addAll(catchUp.uncommittedManifests(root, options.catchUpDays(), known::contains));
        }
        manifests.sort((a, b) -> runOf(a).compareTo(runOf(b)));
        if (manifests.isEmpty()) {
            return given;
        }
        List<PageRef> pages = new ArrayList<>(given);
        SortedSet<String> runs = new TreeSet<>();
        for (Path manifest : manifests) {
            try {
                List<PageRef> caught = listing.fromManifests(List.of(manifest.toString()));
                pages.addAll(caught);
                runs.add(runOf(manifest));
            } catch (ConvertException e) {
                LOG.warn("Cannot catch up run {}: {}; skipped", runOf(manifest), e.getMessage());
            }
        }
        LOG.info(
                "Catching up {} runs of the last {} days not yet committed: {}",
                runs.size(),
                options.catchUpDays(),
                runs);
        return pages;
    }

    /** The recent-search raw pages' folder of the bucket the output is in. */
    static Path rawRoot(String output) {
        return rawRoot(output, RawKeys.Source.RECENT_SEARCH);
    }

    /** The raw folders of every source (recent search, full-archive backfills): laid out alike. */
    static List<Path> rawRoots(String output) {
        return java.util.Arrays.stream(RawKeys.Source.values())
                .map(source -> rawRoot(output, source))
                .toList();
    }

    private static Path rawRoot(String output, RawKeys.Source source) {
        Path parent = new Path(output).getParent();
        if (parent == null) {
            throw new ConvertException("Cannot catch up: output " + output + " has no parent folder to hold raw/");
        }
        String prefix = source.rawPrefix();
        return new Path(parent, prefix.substring(0, prefix.length() - 1));
    }

    /**
     * Manifests under {@code rawRoot} in the day folders of the {@code days} days up to the newest
     * day folder of any query, of runs {@code skip} does not reject; oldest run first.
     */
    List<Path> uncommittedManifests(Path rawRoot, int days, Predicate<String> skip) {
        List<Path> manifests = new ArrayList<>();
        try {
            FileSystem fs = rawRoot.getFileSystem(conf);
            TreeMap<LocalDate, List<Path>> dayFolders = new TreeMap<>();
            for (FileStatus query : list(fs, rawRoot, "query=")) {
                for (FileStatus day : list(fs, query.getPath(), "dt=")) {
                    dayOf(day.getPath().getName())
                            .ifPresent(date -> dayFolders
                                    .computeIfAbsent(date, d -> new ArrayList<>())
                                    .add(day.getPath()));
                }
            }
            if (dayFolders.isEmpty()) {
                return manifests;
            }
            LocalDate oldest = dayFolders.lastKey().minusDays(days);
            for (List<Path> folders : dayFolders.tailMap(oldest, true).values()) {
                for (Path day : folders) {
                    for (FileStatus run : list(fs, day, "run=")) {
                        String runId = run.getPath().getName().substring("run=".length());
                        if (!RunIds.isValid(runId) || skip.test(runId)) {
                            continue;
                        }
                        Path manifest = new Path(run.getPath(), RawKeys.MANIFEST_NAME);
                        if (fs.exists(manifest)) {
                            manifests.add(manifest);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot list run manifests under " + rawRoot + ": " + e.getMessage(), e);
        }
        manifests.sort((a, b) -> runOf(a).compareTo(runOf(b)));
        return manifests;
    }

    private static List<FileStatus> list(FileSystem fs, Path folder, String prefix) throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return List.of(); // nothing fetched into this bucket yet
        }
        List<FileStatus> matching = new ArrayList<>();
        for (FileStatus child : children) {
            if (child.isDirectory() && child.getPath().getName().startsWith(prefix)) {
                matching.add(child);
            }
        }
        return matching;
    }

    private static Optional<LocalDate> dayOf(String dayFolder) {
        try {
            return Optional.of(LocalDate.parse(dayFolder.substring("dt=".length())));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a day folder of the layout
        }
    }

    private static String runOf(Path manifest) {
        return manifest.getParent().getName().substring("run=".length());
    }
}
