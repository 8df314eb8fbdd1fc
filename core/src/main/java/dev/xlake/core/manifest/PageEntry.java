package dev.xlake.core.manifest;

/**
 * One stored raw page, as listed in the manifest and in the checkpoint's {@code unmanifested_pages}.
 * {@code billablePosts} counts the post objects in {@code data} and {@code includes.tweets},
 * {@code billableUsers} the user objects in {@code includes.users}: what X charges the page for
 * (0 in entries written before spend accounting).
 */
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
        PageRequest request,
        long billablePosts,
        long billableUsers) {}
