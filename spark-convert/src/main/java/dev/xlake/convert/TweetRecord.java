package dev.xlake.convert;

import java.time.Instant;
import java.util.List;

/** One flattened tweet: a row of {@code curated/tweets}. See docs/schema.md for each column. */
public record TweetRecord(
        String query,
        String dt,
        String id,
        String text,
        String authorId,
        String authorUsername,
        String authorName,
        Boolean authorVerified,
        Instant createdAt,
        String conversationId,
        String inReplyToUserId,
        String lang,
        Boolean possiblySensitive,
        String replySettings,
        String source,
        Long retweetCount,
        Long replyCount,
        Long likeCount,
        Long quoteCount,
        Long bookmarkCount,
        Long impressionCount,
        List<String> hashtags,
        List<String> cashtags,
        List<String> mentions,
        List<String> urls,
        List<ReferencedTweet> referencedTweets,
        boolean isRetweet,
        boolean isReply,
        boolean isQuote,
        List<String> mediaKeys,
        String placeId,
        List<String> editHistoryTweetIds,
        List<ContextAnnotation> contextAnnotations,
        List<String> withheldInCountries,
        Instant fetchedAt,
        String runId,
        String rawObject) {

    /** An entry of {@code referenced_tweets}: {@code type} is retweeted, quoted or replied_to. */
    public record ReferencedTweet(String type, String id) {}

    /** A {@code context_annotations} entry reduced to the ids and names of its domain and entity. */
    public record ContextAnnotation(String domainId, String domainName, String entityId, String entityName) {}
}
