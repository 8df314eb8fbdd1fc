package dev.xlake.rawstore;

/** Object keys of docs/s3-layout.md for the fetcher's objects. */
public final class RawKeys {

    private RawKeys() {}

    public static String runPrefix(String queryName, String runId) {
        return "raw/x/recent-search/query=" + queryName + "/dt=" + RunIds.dateOf(runId) + "/run=" + runId + "/";
    }

    public static String page(String queryName, String runId, int page) {
        return runPrefix(queryName, runId) + String.format("page-%05d.json.gz", page);
    }

    public static String manifest(String queryName, String runId) {
        return runPrefix(queryName, runId) + "_manifest.json";
    }

    public static String checkpoint(String queryName) {
        return "state/x/recent-search/query=" + queryName + "/checkpoint.json";
    }
}
