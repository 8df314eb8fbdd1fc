package dev.xlake.core.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code _manifest.json}, version 1 (docs/s3-layout.md): written last, it starts conversion.
 *
 * <p>{@code manifest_version}, {@code page_count} and {@code tweet_count} are written for readers
 * of the JSON but derived here, so a manifest cannot disagree with its own page list.
 */
@JsonPropertyOrder({
    "manifest_version",
    "run_id",
    "query_name",
    "query",
    "since_id",
    "start_time",
    "resumed_from",
    "started_at",
    "finished_at",
    "stop_reason",
    "page_count",
    "tweet_count",
    "pages",
    "gaps"
})
public record Manifest(
        String runId,
        String queryName,
        String query,
        String sinceId,
        String startTime,
        String resumedFrom,
        String startedAt,
        String finishedAt,
        StopReason stopReason,
        List<PageEntry> pages,
        List<Gap> gaps) {

    public static final int VERSION = 1;

    public Manifest {
        pages = List.copyOf(pages);
        gaps = List.copyOf(gaps);
    }

    @JsonProperty("manifest_version")
    public int manifestVersion() {
        return VERSION;
    }

    @JsonProperty("page_count")
    public int pageCount() {
        return pages.size();
    }

    @JsonProperty("tweet_count")
    public long tweetCount() {
        return pages.stream().mapToLong(PageEntry::resultCount).sum();
    }
}
