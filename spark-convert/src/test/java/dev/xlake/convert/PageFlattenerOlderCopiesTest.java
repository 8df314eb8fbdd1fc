package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.PageGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reader that keeps newer copies of some users and referenced posts ({@link PageFlattener.Kept})
 * reads those of a page only for what its tweets take from them: the page must give the same
 * tweets, media, places, polls and quarantine records as read in full, and the same users and
 * referenced posts less the ones kept newer.
 */
class PageFlattenerOlderCopiesTest {

    private static final Instant FETCHED = SamplePages.FETCHED;
    private static final PageRef PAGE = SamplePages.PAGE;

    static Stream<byte[]> pages() {
        PageGenerator generator = new PageGenerator(7, 50, true);
        String generated = generator.page(PageGenerator.idsBackFrom(FETCHED, 100, 3_000), 0);
        return Stream.of(
                        SamplePages.SEARCH_PAGES.stream().map(SamplePages::bytes),
                        Stream.of(generated.getBytes(StandardCharsets.UTF_8)),
                        // a user whose id is a JSON number, referenced posts whose text is a note
                        Stream.of(("{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\","
                                        + " \"author_id\": \"2\", \"referenced_tweets\": [{\"type\": \"retweeted\", \"id\": \"7\"}]}],"
                                        + " \"includes\": {\"users\": [{\"id\": 2, \"username\": \"two\", \"verified\": true}],"
                                        + " \"tweets\": [{\"text\": \"cut\", \"note_tweet\": {\"text\": \"full\"}, \"id\": \"7\"}]}}")
                                .getBytes(StandardCharsets.UTF_8)),
                        PageFlattenerDifferentialTest.oddPages().map(json -> json.getBytes(StandardCharsets.UTF_8)))
                .flatMap(pages -> pages);
    }

    @ParameterizedTest
    @MethodSource("pages")
    void shouldLeaveOutOnlyTheCopiesKeptNewerAndGiveTheTweetsTheSameAuthorsAndTexts(byte[] body) {
        FlattenedPage full = PageFlattener.flatten(body, PAGE, FETCHED);
        Random random = new Random(body.length);
        for (int draw = 0; draw < 5; draw++) {
            // each draw: every, none or a random half of the page's users and referenced posts kept newer
            Set<String> users = some(full.users().stream().map(UserRecord::id).toList(), draw, random);
            Set<String> posts =
                    some(full.referencedTweets().stream().map(TweetRecord::id).toList(), draw, random);
            PageFlattener.Kept kept = (table, key, fetchedMicros, runId, rawObject) -> {
                assertThat(fetchedMicros).isEqualTo(NewestRows.micros(FETCHED));
                assertThat(runId).isEqualTo(PAGE.runId());
                assertThat(rawObject).isEqualTo(PAGE.uri());
                return (table == KeyedTable.USERS ? users : table == KeyedTable.REFERENCED_TWEETS ? posts : Set.of())
                        .contains(key);
            };

            FlattenedPage read = PageFlattener.flatten(body, body.length, PAGE, FETCHED, true, kept);

            assertThat(read.tweets()).isEqualTo(full.tweets());
            assertThat(read.quarantined()).isEqualTo(full.quarantined());
            assertThat(read.media()).isEqualTo(full.media());
            assertThat(read.places()).isEqualTo(full.places());
            assertThat(read.polls()).isEqualTo(full.polls());
            assertThat(read.users())
                    .isEqualTo(full.users().stream()
                            .filter(user -> !users.contains(user.id()))
                            .toList());
            assertThat(read.referencedTweets())
                    .isEqualTo(full.referencedTweets().stream()
                            .filter(post -> !posts.contains(post.id()))
                            .toList());
        }
    }

    @Test
    void shouldReadAUserInFullWhenItsLastIdIsNotTheOneItWasPassedOverFor() {
        // Jackson takes the last of repeated keys: the object is user 2, whose copy is not kept
        String json = "{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\", \"author_id\": \"2\"}],"
                + " \"includes\": {\"users\": [{\"id\": \"1\", \"name\": \"Two\", \"id\": \"2\", \"username\": \"two\"}]}}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        FlattenedPage read = PageFlattener.flatten(body, body.length, PAGE, FETCHED, true, keeping("1"));

        FlattenedPage full = PageFlattener.flatten(body, PAGE, FETCHED);
        assertThat(full.users()).extracting(UserRecord::id).containsExactly("2");
        assertThat(read).isEqualTo(full);
        assertThat(read.tweets().get(0).authorUsername()).hasToString("two");
    }

    @Test
    void shouldQuarantineAMalformedPageAsAFullReadDoesWhenTheBadBytesAreInACopyReadLightly() {
        // a raw control byte, then a broken UTF-8 sequence, inside the description of a kept user
        for (byte[] bad : new byte[][] {{0x01}, {(byte) 0xC3, 0x28}}) {
            byte[] head =
                    ("{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\", \"author_id\": \"2\"}],"
                                    + " \"includes\": {\"users\": [{\"id\": \"2\", \"username\": \"two\", \"description\": \"a")
                            .getBytes(StandardCharsets.UTF_8);
            byte[] tail = "b\"}]}}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);

            FlattenedPage read = PageFlattener.flatten(body, body.length, PAGE, FETCHED, true, keeping("2"));

            FlattenedPage full = PageFlattener.flatten(body, PAGE, FETCHED);
            assertThat(full.quarantined()).hasSize(1);
            assertThat(full.quarantined().get(0).reason()).isEqualTo(PageFlattener.REASON_INVALID_JSON);
            assertThat(read).isEqualTo(full);
        }
    }

    @Test
    void shouldGiveTheTweetsTheLastCopyOfTheirAuthorWhenOneCopyIsReadInFullAndOneLightly() {
        // the same user twice: an escaped id, which the look ahead does not read, and a plain one
        String escaped = "{\"id\": \"\\u0032\", \"username\": \"first\", \"name\": \"First\"}";
        String plain = "{\"id\": \"2\", \"username\": \"second\", \"name\": \"Second\"}";
        for (List<String> users : List.of(List.of(escaped, plain), List.of(plain, escaped))) {
            String json =
                    "{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\", \"author_id\": \"2\"}],"
                            + " \"includes\": {\"users\": [" + String.join(", ", users) + "]}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);

            FlattenedPage read = PageFlattener.flatten(body, body.length, PAGE, FETCHED, true, keeping("2"));

            FlattenedPage full = PageFlattener.flatten(body, PAGE, FETCHED);
            assertThat(read.tweets()).isEqualTo(full.tweets());
            assertThat(read.tweets().get(0).authorUsername())
                    .hasToString(users.get(1).equals(plain) ? "second" : "first");
            assertThat(read.users())
                    .as("only the escaped copy is read in full")
                    .extracting(user -> user.username().toString())
                    .containsExactly("first");
        }
    }

    @Test
    void shouldQuarantineAUserWhoseLastIdIsNotAnIdAsAFullReadDoes() {
        for (String last : List.of("null", "{}", "\"x\"")) {
            String json = "{\"includes\": {\"users\": [{\"id\": \"1\", \"name\": \"One\", \"id\": " + last + "}]}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);

            FlattenedPage read = PageFlattener.flatten(body, body.length, PAGE, FETCHED, true, keeping("1"));

            FlattenedPage full = PageFlattener.flatten(body, PAGE, FETCHED);
            assertThat(full.quarantined())
                    .extracting(QuarantineRecord::reason)
                    .containsExactly(PageFlattener.REASON_INVALID_USER_ID);
            assertThat(read).as(last).isEqualTo(full);
        }
    }

    private static PageFlattener.Kept keeping(String... ids) {
        Set<String> kept = Set.of(ids);
        return (table, key, fetchedMicros, runId, rawObject) -> kept.contains(key);
    }

    private static Set<String> some(List<String> ids, int draw, Random random) {
        Set<String> chosen = new HashSet<>();
        for (String id : ids) {
            if (draw == 0 || draw > 1 && random.nextBoolean()) {
                chosen.add(id);
            }
        }
        return chosen;
    }
}
