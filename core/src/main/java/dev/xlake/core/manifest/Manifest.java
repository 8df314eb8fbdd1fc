package dev.xlake.core.manifest;

import java.util.List;

/** {@code _manifest.json}, version 1 (docs/s3-layout.md): written last, it starts conversion. */
public record Manifest(
        int manifestVersion,
        String runId,
        String queryName,
        String query,
        String sinceId,
        String startTime,
        String resumedFrom,
        String startedAt,
        String finishedAt,
        StopReason stopReason,
        int pageCount,
        long tweetCount,
        List<PageEntry> pages,
        List<Gap> gaps) {

    public static final int VERSION = 1;

    public Manifest {
        pages = List.copyOf(pages);
        gaps = List.copyOf(gaps);
    }

    public static Manifest of(
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
        long tweets = pages.stream().mapToLong(PageEntry::resultCount).sum();
        return new Manifest(
                VERSION,
                runId,
                queryName,
                query,
                sinceId,
                startTime,
                resumedFrom,
                startedAt,
                finishedAt,
                stopReason,
                pages.size(),
                tweets,
                pages,
                gaps);
    }
}
