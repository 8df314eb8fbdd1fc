package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** A tweet's text taken from the page's own UTF-8 bytes where they hold it as-is, and where not. */
class PageTextBytesTest {

    private static PageParser.TweetFields onlyTweet(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        PageParser.ParsedPage page = PageParser.parse(body, body.length);
        assertThat(page.problem()).isNull();
        return (PageParser.TweetFields) page.tweets().get(0).fields();
    }

    @Test
    void shouldTakeAPlainTextFromThePageBytes() {
        PageParser.TweetFields tweet = onlyTweet("{\"data\":[{\"id\":\"1\",\"text\":\"정말 최고 🎉 #kpop\"}]}");
        assertThat(tweet.text).isEqualTo("정말 최고 🎉 #kpop");
        assertThat(tweet.textUtf8).isEqualTo(UTF8String.fromString("정말 최고 🎉 #kpop"));
    }

    @Test
    void shouldLeaveAnEscapedTextToJackson() {
        PageParser.TweetFields tweet = onlyTweet("{\"data\":[{\"id\":\"1\",\"text\":\"say \\\"hi\\\" \\u00e9\"}]}");
        assertThat(tweet.text).isEqualTo("say \"hi\" é");
        assertThat(tweet.textUtf8).isNull();
    }

    @Test
    void shouldGiveEveryTweetItsTextsAsUtf8InTheFlattenedPage() {
        String json = "{\"data\":[{\"id\":\"1\",\"created_at\":\"2026-11-25T10:00:00Z\",\"text\":\"a \\n b\"},"
                + "{\"id\":\"2\",\"created_at\":\"2026-11-25T10:00:00Z\",\"text\":\"RT plain ✨\","
                + "\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"9\"}]},"
                + "{\"id\":\"3\",\"created_at\":\"2026-11-25T10:00:00Z\",\"text\":\"short\","
                + "\"note_tweet\":{\"text\":\"the long 💜 text\"},"
                + "\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"8\"}]},"
                + "{\"id\":\"4\",\"created_at\":\"2026-11-25T10:00:00Z\"}],"
                + "\"includes\":{\"tweets\":[{\"id\":\"9\",\"text\":\"the original 🎉\"},"
                + "{\"id\":\"8\",\"text\":\"an \\\"escaped\\\" one\"}]}}";
        FlattenedPage page =
                PageFlattener.flatten(json.getBytes(StandardCharsets.UTF_8), SamplePages.PAGE, SamplePages.FETCHED);
        assertThat(page.tweetTexts())
                .containsExactly(
                        new FlattenedPage.Texts(UTF8String.fromString("a \n b"), null),
                        new FlattenedPage.Texts(
                                UTF8String.fromString("RT plain ✨"), UTF8String.fromString("the original 🎉")),
                        new FlattenedPage.Texts(
                                UTF8String.fromString("the long 💜 text"), UTF8String.fromString("an \"escaped\" one")),
                        new FlattenedPage.Texts(null, null));
        // the same as made from the records' Strings
        assertThat(page.tweetTexts())
                .isEqualTo(new FlattenedPage(page.tweets(), page.users(), page.quarantined()).tweetTexts());
    }

    @Test
    void shouldTakeOnlyWellFormedUtf8AsItStands() {
        assertThat(end("abc\"")).isEqualTo(3);
        assertThat(end("é✨🎉\"")).isEqualTo(2 + 3 + 4);
        assertThat(end("a\\\"b\"")).isEqualTo(-1); // an escape
        assertThat(end("a\tb\"")).isEqualTo(-1); // a control character: invalid JSON, Jackson's to report
        assertThat(end("no closing quote")).isEqualTo(-1);
        for (byte[] malformed : List.of(
                new byte[] {(byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'}, // overlong '/'
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a surrogate
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
                new byte[] {(byte) 0xE2, (byte) 0x9C, '"'}, // cut short
                new byte[] {(byte) 0x80, '"'})) { // a lone continuation byte
            assertThat(Utf8Bytes.plainStringEnd(malformed, 0, malformed.length)).isEqualTo(-1);
        }
    }

    private static int end(String contents) {
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        return Utf8Bytes.plainStringEnd(bytes, 0, bytes.length);
    }
}
