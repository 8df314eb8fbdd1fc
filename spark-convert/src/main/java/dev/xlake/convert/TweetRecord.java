package dev.xlake.convert;

import java.time.Instant;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One flattened tweet: a row of {@code curated/tweets}. See docs/schema.md for each column. The
 * values the lake only stores are UTF-8 ({@link UTF8String}), as the page's bytes hold them and
 * the rows take them, so no text is decoded to a {@code String} and encoded back; the key, the
 * partition values and the values the flattener looks things up by are {@code String}s.
 */
public record TweetRecord(
        String query,
        String dt,
        String id,
        UTF8String text,
        String authorId,
        UTF8String authorUsername,
        UTF8String authorName,
        Boolean authorVerified,
        Instant createdAt,
        UTF8String conversationId,
        UTF8String inReplyToUserId,
        UTF8String lang,
        Boolean possiblySensitive,
        UTF8String replySettings,
        UTF8String source,
        Long retweetCount,
        Long replyCount,
        Long likeCount,
        Long quoteCount,
        Long bookmarkCount,
        Long impressionCount,
        List<UTF8String> hashtags,
        List<UTF8String> cashtags,
        List<UTF8String> mentions,
        List<UTF8String> urls,
        List<ReferencedTweet> referencedTweets,
        boolean isRetweet,
        boolean isReply,
        boolean isQuote,
        String retweetedId,
        UTF8String retweetedText,
        List<UTF8String> mediaKeys,
        List<UTF8String> pollIds,
        UTF8String placeId,
        List<UTF8String> editHistoryTweetIds,
        EditControls editControls,
        List<ContextAnnotation> contextAnnotations,
        List<Annotation> annotations,
        List<UTF8String> withheldInCountries,
        Instant fetchedAt,
        String runId,
        String rawObject)
        implements IdKeyedRecord {

    /** An entry of {@code referenced_tweets}: {@code type} is retweeted, quoted or replied_to. */
    public record ReferencedTweet(String type, String id) {}

    /** A {@code context_annotations} entry reduced to the ids and names of its domain and entity. */
    public record ContextAnnotation(
            UTF8String domainId, UTF8String domainName, UTF8String entityId, UTF8String entityName) {}

    /** An {@code entities.annotations} entry: a named entity X found in the text. */
    public record Annotation(Long start, Long end, Double probability, UTF8String type, UTF8String normalizedText) {}

    /** {@code edit_controls}; a field X left out (or sent in a shape the lake cannot hold) is null. */
    public record EditControls(Long editsRemaining, Boolean isEditEligible, Instant editableUntil) {}
}
