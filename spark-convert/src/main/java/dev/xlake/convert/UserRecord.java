package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
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
        String rawObject)
        implements IdKeyedRecord {

    private static final String[] BUCKET_NAMES = java.util.stream.IntStream.range(0, LakeTables.USER_BUCKETS)
            .mapToObj(bucket -> String.format("%02d", bucket))
            .toArray(String[]::new);

    /** The two-digit bucket of a numeric user id; throws NumberFormatException for any other id. */
    public static String bucketOf(String userId) {
        return BUCKET_NAMES[(int) Long.remainderUnsigned(Long.parseUnsignedLong(userId), LakeTables.USER_BUCKETS)];
    }
}
