package dev.xlake.core.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.xlake.core.spend.Prices;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code _manifest.json}, version 1 (docs/s3-layout.md): written last, it starts conversion.
 *
 * <p>{@code manifest_version}, {@code page_count} and {@code tweet_count} are written for readers
 * of the JSON but derived here, so a manifest cannot disagree with its own page list. So are
 * {@code billable_posts}, {@code billable_users} and {@code estimated_cost_usd}: what X charges
 * for the run's pages at {@code prices} (null in manifests written before spend accounting). The
 * cost is an upper bound: X charges a resource once per UTC day however often it is returned.
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
    "billable_posts",
    "billable_users",
    "estimated_cost_usd",
    "prices",
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
        List<Gap> gaps,
        Prices prices) {

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

    @JsonProperty("billable_posts")
    public long billablePosts() {
        return pages.stream().mapToLong(PageEntry::billablePosts).sum();
    }

    @JsonProperty("billable_users")
    public long billableUsers() {
        return pages.stream().mapToLong(PageEntry::billableUsers).sum();
    }

    /** Null when the manifest records no price table. */
    @JsonProperty("estimated_cost_usd")
    public BigDecimal estimatedCostUsd() {
        return prices == null ? null : prices.readCost(billablePosts(), billableUsers());
    }
}
