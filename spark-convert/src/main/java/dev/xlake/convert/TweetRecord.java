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
        String retweetedId,
        String retweetedText,
        List<String> mediaKeys,
        List<String> pollIds,
        String placeId,
        List<String> editHistoryTweetIds,
        EditControls editControls,
        List<ContextAnnotation> contextAnnotations,
        List<Annotation> annotations,
        List<String> withheldInCountries,
        Instant fetchedAt,
        String runId,
        String rawObject)
        implements IdKeyedRecord {

    /** An entry of {@code referenced_tweets}: {@code type} is retweeted, quoted or replied_to. */
    public record ReferencedTweet(String type, String id) {}

    /** A {@code context_annotations} entry reduced to the ids and names of its domain and entity. */
    public record ContextAnnotation(String domainId, String domainName, String entityId, String entityName) {}

    /** An {@code entities.annotations} entry: a named entity X found in the text. */
    public record Annotation(Long start, Long end, Double probability, String type, String normalizedText) {}

    /** {@code edit_controls}; a field X left out (or sent in a shape the lake cannot hold) is null. */
    public record EditControls(Long editsRemaining, Boolean isEditEligible, Instant editableUntil) {}
}
