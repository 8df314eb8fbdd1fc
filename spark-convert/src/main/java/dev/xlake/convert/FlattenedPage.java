package dev.xlake.convert;

import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Everything one raw page turns into: its tweets, and the objects of its {@code includes} (users,
 * referenced posts, media, places, polls), each kept once per key later ({@link NewestRows}); and
 * each tweet's long texts as UTF-8, in the order of {@code tweets}, as the rows hold them (the
 * flattener takes them from the page's bytes where it can, {@link PageParser.Fields#pageUtf8}).
 */
public record FlattenedPage(
        List<TweetRecord> tweets,
        List<UserRecord> users,
        List<TweetRecord> referencedTweets,
        List<MediaRecord> media,
        List<PlaceRecord> places,
        List<PollRecord> polls,
        List<QuarantineRecord> quarantined,
        List<FlattenedPage.Texts> tweetTexts) {

    /**
     * A tweet's two long texts as UTF-8, as its row holds them: {@code text} and {@code
     * retweeted_text} (null where the tweet has none).
     */
    public record Texts(UTF8String text, UTF8String retweetedText) {

        /** From the tweet's {@code String}s. */
        static Texts of(TweetRecord tweet) {
            return new Texts(LakeSchema.utf8(tweet.text()), LakeSchema.utf8(tweet.retweetedText()));
        }
    }

    /** A page with tweets and users only, the texts from the tweets' {@code String}s. */
    public FlattenedPage(List<TweetRecord> tweets, List<UserRecord> users, List<QuarantineRecord> quarantined) {
        this(tweets, users, List.of(), List.of(), List.of(), List.of(), quarantined, texts(tweets));
    }

    static FlattenedPage quarantinedPage(QuarantineRecord record) {
        return new FlattenedPage(List.of(), List.of(), List.of(record));
    }

    private static List<Texts> texts(List<TweetRecord> tweets) {
        return tweets.stream().map(Texts::of).toList();
    }
}
