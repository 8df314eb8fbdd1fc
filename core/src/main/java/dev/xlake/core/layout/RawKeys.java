package dev.xlake.core.layout;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object keys of docs/s3-layout.md: raw pages, run manifests, checkpoints and submit claims,
 * and the folders the converter writes to by default.
 * Raw pages come from one of two {@link Source}s, recent search and full-archive backfills, laid out
 * the same way under their own prefix; everything reading raw keys parses them here.
 */
public final class RawKeys {

    /** Where raw pages came from: the endpoint, and the folder under {@code raw/x/} and {@code state/x/}. */
    public enum Source {
        /** {@code GET /2/tweets/search/recent}: the scheduled fetch. */
        RECENT_SEARCH("recent-search"),
        /** {@code GET /2/tweets/search/all}: backfills ({@code xlake backfill}, backfill jobs). */
        FULL_ARCHIVE("full-archive");

        private final String folder;

        Source(String folder) {
            this.folder = folder;
        }

        /** {@code recent-search} or {@code full-archive}. */
        public String folder() {
            return folder;
        }

        /** {@code raw/x/<folder>/}. */
        public String rawPrefix() {
            return "raw/x/" + folder + "/";
        }

        /** {@code state/x/<folder>/}. */
        public String statePrefix() {
            return "state/x/" + folder + "/";
        }
    }

    public static final String RAW_PREFIX = Source.RECENT_SEARCH.rawPrefix();
    public static final String FULL_ARCHIVE_RAW_PREFIX = Source.FULL_ARCHIVE.rawPrefix();
    public static final String MANIFEST_NAME = "_manifest.json";
    public static final String CLAIMS_PREFIX = "state/submit/";
    public static final String SPEND_PREFIX = "state/x/spend/";
    /** Tick objects: one per fetch invocation that wrote manifests; their events start conversion. */
    public static final String TICKS_PREFIX = "raw/x/ticks/";
    /** The converter cluster the submit function currently adds steps to (docs/submit.md). */
    public static final String CLUSTER_STATE = CLAIMS_PREFIX + "cluster.json";
    /** The converter's default {@code --output}: the Iceberg warehouse root of the curated tables. */
    public static final String CURATED_FOLDER = "curated";
    /** The converter's default {@code --quarantine}; it adds {@code run=<runId>/} below. */
    public static final String CONVERT_QUARANTINE_FOLDER = "quarantine/convert";

    private static final Pattern MANIFEST_KEY = Pattern.compile("raw/x/(?:"
            + Pattern.quote(Source.RECENT_SEARCH.folder()) + "|" + Pattern.quote(Source.FULL_ARCHIVE.folder()) + ")/"
            + "query=(?<slug>" + QuerySlug.REGEX + ")/dt=\\d{4}-\\d{2}-\\d{2}/run=(?<run>" + RunIds.REGEX + ")/"
            + Pattern.quote(MANIFEST_NAME));

    private static final Pattern TICK_KEY = Pattern.compile(
            Pattern.quote(TICKS_PREFIX) + "dt=\\d{4}-\\d{2}-\\d{2}/tick=(?<tick>" + RunIds.REGEX + ")\\.json");

    private RawKeys() {}

    public static String runPrefix(String queryName, String runId) {
        return runPrefix(Source.RECENT_SEARCH, queryName, runId);
    }

    public static String runPrefix(Source source, String queryName, String runId) {
        return source.rawPrefix() + "query=" + queryName + "/dt=" + RunIds.dateOf(runId) + "/run=" + runId + "/";
    }

    public static String page(String queryName, String runId, int page) {
        return page(Source.RECENT_SEARCH, queryName, runId, page);
    }

    public static String page(Source source, String queryName, String runId, int page) {
        return runPrefix(source, queryName, runId) + String.format("page-%05d.json.gz", page);
    }

    public static String manifest(String queryName, String runId) {
        return manifest(Source.RECENT_SEARCH, queryName, runId);
    }

    public static String manifest(Source source, String queryName, String runId) {
        return runPrefix(source, queryName, runId) + MANIFEST_NAME;
    }

    /** The durable backfill job of a query: its bounds, budget, spend and pagination (docs/fetch.md). */
    public static String backfill(String queryName) {
        return Source.FULL_ARCHIVE.statePrefix() + "query=" + queryName + "/backfill.json";
    }

    public static String checkpoint(String queryName) {
        return "state/x/recent-search/query=" + queryName + "/checkpoint.json";
    }

    /** The spend ledger of one UTC day (docs/s3-layout.md, docs/fetch.md "What it costs"). */
    public static String spendLedger(LocalDate day) {
        return SPEND_PREFIX + "day=" + day + ".json";
    }

    /** The submit claim of a run (docs/submit.md). */
    public static String claim(String runId) {
        return CLAIMS_PREFIX + "run=" + runId + ".json";
    }

    /** The tick object of a fetch invocation; tick ids follow the run-id rule (docs/s3-layout.md). */
    public static String tick(String tickId) {
        return TICKS_PREFIX + "dt=" + RunIds.dateOf(tickId) + "/tick=" + tickId + ".json";
    }

    /** The claim that makes one tick's convert step exactly-once (docs/submit.md). */
    public static String tickClaim(String tickId) {
        return CLAIMS_PREFIX + "tick=" + tickId + ".json";
    }

    /** The tick id of the tick object at {@code key}, or empty if the key is not exactly a tick's key. */
    public static Optional<String> parseTick(String key) {
        Matcher m = TICK_KEY.matcher(key);
        return m.matches() ? Optional.of(m.group("tick")) : Optional.empty();
    }

    /** The manifest at {@code key}, or empty if the key is not exactly a run manifest's key. */
    public static Optional<ManifestRef> parseManifest(String bucket, String key) {
        Matcher m = MANIFEST_KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ManifestRef(bucket, key, m.group("run"), m.group("slug")));
    }
}
