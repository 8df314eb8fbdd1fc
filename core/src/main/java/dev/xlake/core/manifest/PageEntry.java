package dev.xlake.core.manifest;

/** One stored raw page, as listed in the manifest and in the checkpoint's {@code unmanifested_pages}. */
public record PageEntry(
        String key,
        int page,
        int resultCount,
        String newestId,
        String oldestId,
        String sha256,
        long bytes,
        String fetchedAt,
        int httpStatus,
        RateLimit rateLimit,
        PageRequest request) {}
