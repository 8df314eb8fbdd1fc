package dev.xlake.convert;

import java.time.Instant;
import java.util.List;

/** One object of a page's {@code includes.media}: a row of {@code media}. See docs/schema.md. */
public record MediaRecord(
        String mediaKey,
        String type,
        String url,
        String previewImageUrl,
        Long width,
        Long height,
        Long durationMs,
        String altText,
        Long viewCount,
        List<Variant> variants,
        Instant fetchedAt,
        String runId,
        String rawObject)
        implements KeyedRecord {

    /** One encoding of a video or GIF. */
    public record Variant(Long bitRate, String contentType, String url) {}

    @Override
    public String key() {
        return mediaKey;
    }
}
