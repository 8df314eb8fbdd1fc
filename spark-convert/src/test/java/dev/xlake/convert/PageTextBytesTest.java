package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
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
        assertThat(tweet.text).isEqualTo(UTF8String.fromString("정말 최고 🎉 #kpop"));
    }

    @Test
    void shouldLeaveAnEscapedTextToJackson() {
        PageParser.TweetFields tweet = onlyTweet("{\"data\":[{\"id\":\"1\",\"text\":\"say \\\"hi\\\" \\u00e9\"}]}");
        assertThat(tweet.text).isEqualTo(UTF8String.fromString("say \"hi\" é"));
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
        assertThat(page.tweets())
                .extracting(TweetRecord::text, TweetRecord::retweetedText)
                .containsExactly(
                        tuple(UTF8String.fromString("a \n b"), null),
                        tuple(UTF8String.fromString("RT plain ✨"), UTF8String.fromString("the original 🎉")),
                        tuple(UTF8String.fromString("the long 💜 text"), UTF8String.fromString("an \"escaped\" one")),
                        tuple(null, null));
    }

    @Test
    void shouldReadEveryStringAlikeWhetherThePageEscapesItOrNot() {
        byte[] plain = SamplePages.bytes("brexit-recent-search-page.json");
        // 'o' is in no JSON literal: every name and string holding one gets an escape, nothing else changes
        byte[] escaped = new String(plain, StandardCharsets.UTF_8)
                .replace("o", "\\u006f")
                .getBytes(StandardCharsets.UTF_8);
        FlattenedPage fromPlain = PageFlattener.flatten(plain, SamplePages.PAGE, SamplePages.FETCHED);
        FlattenedPage fromEscaped = PageFlattener.flatten(escaped, SamplePages.PAGE, SamplePages.FETCHED);

        assertThat(fromPlain.tweets()).isNotEmpty().isEqualTo(fromEscaped.tweets());
        assertThat(fromPlain.users()).isNotEmpty().isEqualTo(fromEscaped.users());
        assertThat(fromPlain.referencedTweets()).isEqualTo(fromEscaped.referencedTweets());
        assertThat(fromPlain.users()).anyMatch(user -> user.name().toString().contains("o"));
    }

    @Test
    void shouldReadAPageWithAByteOrderMarkOrInUtf16AsThePlainOne() {
        byte[] plain = SamplePages.bytes("brexit-recent-search-page.json");
        byte[] marked = new byte[plain.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, marked, 3, plain.length);
        byte[] utf16 = new String(plain, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE);
        FlattenedPage fromPlain = PageFlattener.flatten(plain, SamplePages.PAGE, SamplePages.FETCHED);

        for (byte[] other : List.of(marked, utf16)) {
            FlattenedPage page = PageFlattener.flatten(other, SamplePages.PAGE, SamplePages.FETCHED);
            assertThat(page.quarantined()).isEmpty();
            assertThat(page.tweets()).isNotEmpty().isEqualTo(fromPlain.tweets());
            assertThat(page.users()).isNotEmpty().isEqualTo(fromPlain.users());
            assertThat(page.referencedTweets()).isEqualTo(fromPlain.referencedTweets());
        }
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

    @Test
    void shouldFindWhatStopsAPlainStringAtAnyPlaceInALongOne() {
        for (int at = 0; at < 20; at++) {
            String before = "a".repeat(at);
            String after = "b".repeat(10) + "\"";
            assertThat(end(before + "\"" + after)).as("quote at %d", at).isEqualTo(at);
            assertThat(end(before + "\\" + after)).as("backslash at %d", at).isEqualTo(-1);
            assertThat(end(before + (char) 0x1f + after))
                    .as("control at %d", at)
                    .isEqualTo(-1);
            assertThat(end(before + "é" + after)).as("é at %d", at).isEqualTo(at + 2 + 10);
            byte[] surrogate = (before + (char) 0xFFFF + after).getBytes(StandardCharsets.UTF_8);
            surrogate[at] = (byte) 0xED;
            surrogate[at + 1] = (byte) 0xA0;
            assertThat(Utf8Bytes.plainStringEnd(surrogate, 0, surrogate.length))
                    .as("surrogate at %d", at)
                    .isEqualTo(-1);
        }
    }

    @Test
    void shouldEndPlainStringsWhereAStrictUtf8DecoderAgrees() {
        // pieces that stop a plain string, well-formed characters of each length, and malformed ones
        byte[][] pieces = {
            {'a'},
            {' '},
            {'~'},
            {'"'},
            {'\\'},
            {0x1f},
            {0x7f},
            {(byte) 0xC3, (byte) 0xA9},
            {(byte) 0xE2, (byte) 0x9C, (byte) 0xA8},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E, (byte) 0x89},
            {(byte) 0x80},
            {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x9C},
            {(byte) 0xFF}
        };
        SplittableRandom random = new SplittableRandom(12);
        for (int n = 0; n < 20_000; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int count = random.nextInt(40);
            for (int k = 0; k < count; k++) {
                // mostly plain ASCII, as in a page, so that words of eight plain bytes come up
                byte[] piece = random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : pieces[0];
                out.write(piece, 0, piece.length);
            }
            byte[] bytes = out.toByteArray();
            int from = bytes.length == 0 ? 0 : random.nextInt(Math.min(3, bytes.length));

            assertThat(Utf8Bytes.plainStringEnd(bytes, from, bytes.length))
                    .as("%s from %d", HexFormat.of().formatHex(bytes), from)
                    .isEqualTo(strictEnd(bytes, from));
        }
    }

    /** The first quote, backslash or control byte if it is a quote and the bytes before it decode strictly; else -1. */
    private static int strictEnd(byte[] bytes, int from) {
        int stop = from;
        while (stop < bytes.length
                && bytes[stop] != '"'
                && bytes[stop] != '\\'
                && (bytes[stop] < 0 || bytes[stop] >= 0x20)) {
            stop++;
        }
        if (stop == bytes.length || bytes[stop] != '"') {
            return -1;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, stop - from));
            return stop;
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    private static int end(String contents) {
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        return Utf8Bytes.plainStringEnd(bytes, 0, bytes.length);
    }
}
