package dev.xlake.emulator;

/** A photo, video or animated GIF attached to a tweet. Video-only fields are null otherwise. */
record CorpusMedia(
        String mediaKey,
        String type,
        int width,
        int height,
        String url,
        String previewImageUrl,
        String altText,
        Integer durationMs,
        Long viewCount,
        String variantUrl,
        Integer variantBitRate) {}
