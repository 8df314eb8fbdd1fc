package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.time.Instant;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One user from a page's {@code includes.users}: a row of {@code curated/users}; the values the
 * lake only stores are UTF-8, as in {@link TweetRecord}.
 */
public record UserRecord(
        String idBucket,
        String id,
        UTF8String username,
        UTF8String name,
        Instant createdAt,
        UTF8String description,
        UTF8String location,
        Boolean verified,
        UTF8String verifiedType,
        Boolean isProtected,
        UTF8String url,
        UTF8String profileImageUrl,
        Long followersCount,
        Long followingCount,
        Long tweetCount,
        Long listedCount,
        Long likeCount,
        UTF8String pinnedTweetId,
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
