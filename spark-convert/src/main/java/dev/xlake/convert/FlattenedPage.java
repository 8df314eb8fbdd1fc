package dev.xlake.convert;

import java.util.List;

/**
 * Everything one raw page turns into: its tweets, and the objects of its {@code includes} (users,
 * referenced posts, media, places, polls), each kept once per key later ({@link NewestRows}).
 */
public record FlattenedPage(
        List<TweetRecord> tweets,
        List<UserRecord> users,
        List<TweetRecord> referencedTweets,
        List<MediaRecord> media,
        List<PlaceRecord> places,
        List<PollRecord> polls,
        List<QuarantineRecord> quarantined) {

    /** A page with tweets and users only. */
    public FlattenedPage(List<TweetRecord> tweets, List<UserRecord> users, List<QuarantineRecord> quarantined) {
        this(tweets, users, List.of(), List.of(), List.of(), List.of(), quarantined);
    }

    static FlattenedPage quarantinedPage(QuarantineRecord record) {
        return new FlattenedPage(List.of(), List.of(), List.of(record));
    }
}
