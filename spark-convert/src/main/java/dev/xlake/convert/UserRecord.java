package dev.xlake.convert;

import java.time.Instant;

/** One user from a page's {@code includes.users}: a row of {@code curated/users}. */
public record UserRecord(
        String idBucket,
        String id,
        String username,
        String name,
        Instant createdAt,
        String description,
        String location,
        Boolean verified,
        String verifiedType,
        Boolean isProtected,
        String url,
        String profileImageUrl,
        Long followersCount,
        Long followingCount,
        Long tweetCount,
        Long listedCount,
        Long likeCount,
        String pinnedTweetId,
        Instant fetchedAt,
        String runId,
        String rawObject) {

    /** Users are spread over this many {@code id_bucket} partitions (docs/s3-layout.md). */
    public static final int BUCKETS = 16;

    private static final String[] BUCKET_NAMES = java.util.stream.IntStream.range(0, BUCKETS)
            .mapToObj(bucket -> String.format("%02d", bucket))
            .toArray(String[]::new);

    /** The two-digit bucket of a numeric user id; throws NumberFormatException for any other id. */
    public static String bucketOf(String userId) {
        return BUCKET_NAMES[(int) Long.remainderUnsigned(Long.parseUnsignedLong(userId), BUCKETS)];
    }
}
