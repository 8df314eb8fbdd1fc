package dev.xlake.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made corpus tweets for query tests: only the parts the operators look at vary. */
final class TestTweets {

    private TestTweets() {}

    static CorpusUser user(String username, boolean verified) {
        return new CorpusUser(
                Math.abs(username.hashCode()) + 1L,
                username,
                username,
                "",
                null,
                Instant.EPOCH,
                verified,
                "none",
                1,
                1,
                1,
                0,
                null,
                "https://pbs.twimg.com/p.jpg",
                null,
                null,
                List.of(),
                false);
    }

    static CorpusTweet tweet(String text) {
        return tweet(text, "alice", "en", CorpusTweet.Kind.ORIGINAL, null, List.of(), Map.of());
    }

    static CorpusTweet tweet(
            String text,
            String author,
            String lang,
            CorpusTweet.Kind kind,
            String replyTo,
            List<CorpusMedia> media,
            Map<String, UrlInfo> urls) {
        long id = Snowflake.id(Instant.parse("2026-01-10T11:00:00Z").toEpochMilli(), 1, 1);
        return new CorpusTweet(
                id,
                Snowflake.instant(id),
                user(author, author.startsWith("v")),
                kind,
                text,
                null,
                text,
                lang,
                kind == CorpusTweet.Kind.ORIGINAL ? 0 : id - 1000,
                replyTo == null ? null : user(replyTo, false),
                id,
                0,
                urls,
                List.of(),
                media,
                null,
                null,
                false,
                "everyone",
                "Twitter Web App",
                List.of(),
                List.of(id),
                new CorpusTweet.Metrics(0, 0, 0, 0, null, null),
                false,
                new TweetFeatures[1]);
    }
}
