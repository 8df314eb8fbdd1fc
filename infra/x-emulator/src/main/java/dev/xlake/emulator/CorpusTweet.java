package dev.xlake.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fully resolved generated tweet. {@code text} is what X puts in {@code text} (truncated for
 * retweets and long posts); {@code noteText} is the full text of a post longer than 280
 * characters; {@code searchText} is what the query operators match keywords against.
 */
record CorpusTweet(
        long id,
        Instant createdAt,
        CorpusUser author,
        Kind kind,
        String text,
        String noteText,
        String searchText,
        String lang,
        long referencedId,
        CorpusUser referencedAuthor,
        long conversationId,
        int displayTextStart,
        Map<String, UrlInfo> urls,
        List<Vocabulary.Annotation> annotations,
        List<CorpusMedia> media,
        String placeId,
        double[] coordinates,
        boolean possiblySensitive,
        String replySettings,
        String source,
        List<String> withheldCountryCodes,
        List<Long> editHistory,
        Metrics metrics,
        boolean hidden,
        TweetFeatures[] featuresHolder) {

    /** Computed on first use: most generated tweets are never matched against a query. */
    TweetFeatures features() {
        TweetFeatures features = featuresHolder[0];
        if (features == null) {
            features = TweetFeatures.of(this);
            featuresHolder[0] = features;
        }
        return features;
    }

    enum Kind {
        ORIGINAL(null),
        RETWEET("retweeted"),
        REPLY("replied_to"),
        QUOTE("quoted");

        final String referenceType;

        Kind(String referenceType) {
            this.referenceType = referenceType;
        }
    }

    /** Engagement counts; {@code impressionCount}/{@code bookmarkCount} are null on "legacy" tweets. */
    record Metrics(
            long retweetCount,
            long replyCount,
            long likeCount,
            long quoteCount,
            Long bookmarkCount,
            Long impressionCount) {}

    TextEntities entities() {
        return TextEntities.extract(text, urls);
    }

    TextEntities noteEntities() {
        return noteText == null ? null : TextEntities.extract(noteText, urls);
    }

    boolean edited() {
        return editHistory.size() > 1;
    }
}
