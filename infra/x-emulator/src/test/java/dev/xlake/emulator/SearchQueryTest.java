package dev.xlake.emulator;

import static dev.xlake.emulator.TestTweets.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.emulator.CorpusTweet.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {

    static final CorpusTweet KPOP = tweet("Can't stop listening to the NEW album 🔥 #KPOP #BTS cc @ChartsEcuador $BTC");
    static final CorpusTweet BREXIT = tweet("Border checks are still a mess #Brexit");

    static boolean matches(String query, CorpusTweet tweet) {
        return SearchQuery.parse(query).matches(tweet);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "album                         | true",
                "ALBUM                         | true",
                "alb                           | false",
                "album stop                    | true",
                "album brexit                  | false",
                "album OR brexit               | true",
                "brexit OR mess                | false",
                "\"new album\"                 | true",
                "\"album new\"                 | false",
                "kpop                          | true",
                "#kpop                         | true",
                "#kp                           | false",
                "#album                        | false",
                "@chartsecuador                | true",
                "@charts                       | false",
                "$btc                          | true",
                "$eth                          | false",
                "album -#bts                   | false",
                "album -brexit                 | true",
                "album -\"new album\"          | false",
                "brexit OR album -stop         | false",
                "brexit OR (album -stop)       | false",
                "(brexit OR album) stop        | true",
                "album -(brexit OR mess)       | true",
                "from:alice album              | true",
                "from:@Alice album             | true",
                "from:bob album                | false",
                "album lang:en                 | true",
                "album lang:es                 | false",
                "album -is:retweet             | true",
                "album is:retweet              | false",
                "album has:hashtags has:mentions has:cashtags | true",
                "album has:media               | false",
                "album has:links               | false",
                "🔥                             | true"
            })
    void shouldMatchLikeX(String query, boolean expected) {
        assertThat(matches(query.trim(), KPOP)).as(query).isEqualTo(expected);
    }

    @Test
    void shouldBindAndTighterThanOr() {
        // "brexit OR album new" is "brexit OR (album new)"
        assertThat(matches("brexit OR album new", BREXIT)).isTrue();
        assertThat(matches("brexit OR album new", KPOP)).isTrue();
        assertThat(matches("brexit OR album missing", KPOP)).isFalse();
    }

    @Test
    void shouldMatchReplyRetweetQuoteAndMediaOperators() {
        CorpusTweet reply = tweet("@bob hello there", "carol", "en", Kind.REPLY, "bob", List.of(), Map.of());
        CorpusTweet retweet = tweet("RT @bob: hello there", "carol", "en", Kind.RETWEET, null, List.of(), Map.of());
        CorpusMedia photo =
                new CorpusMedia("3_1", "photo", 1, 1, "https://x/p.jpg", null, null, null, null, null, null);
        UrlInfo link = UrlInfo.plain("https://t.co/abcdefghij", "https://www.bbc.co.uk/news/1", "bbc.co.uk/news/1");
        CorpusTweet withMedia = tweet(
                "hello https://t.co/abcdefghij",
                "vera",
                "fr",
                Kind.ORIGINAL,
                null,
                List.of(photo),
                Map.of(link.url(), link));

        assertThat(matches("hello is:reply to:bob", reply)).isTrue();
        assertThat(matches("hello is:reply", retweet)).isFalse();
        assertThat(matches("hello is:retweet", retweet)).isTrue();
        assertThat(matches("hello has:media has:images -has:videos", withMedia)).isTrue();
        assertThat(matches("hello has:links url:bbc.co.uk", withMedia)).isTrue();
        assertThat(matches("hello is:verified lang:fr", withMedia)).isTrue();
        assertThat(matches("hello is:verified", reply)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-kpop",
                "is:retweet",
                "lang:en",
                "-kpop -brexit",
                "(kpop",
                "kpop)",
                "kpop OR",
                "OR kpop",
                "kpop OR OR brexit",
                "\"unclosed",
                "foo:bar kpop",
                "is:banana kpop",
                "()",
                "   "
            })
    void shouldRejectWhatXRejects(String query) {
        assertThatThrownBy(() -> SearchQuery.parse(query))
                .isInstanceOf(SearchQuery.InvalidQueryException.class)
                .hasMessageStartingWith("There were errors processing your request: ");
    }

    @Test
    void shouldKeepUrlsAsKeywordsNotOperators() {
        CorpusTweet tweet = tweet("see http now");
        assertThat(matches("http", tweet)).isTrue();
        assertThat(SearchQuery.parse("https://example.com").text()).isEqualTo("https://example.com");
    }
}
