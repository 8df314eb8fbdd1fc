package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_A;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_B;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.LakeInTempDir;
import dev.xlake.convert.fixtures.LocalRuns;
import dev.xlake.convert.fixtures.PageGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tables of the pages' {@code includes} besides users — {@code referenced_tweets},
 * {@code media}, {@code places}, {@code polls} — end to end: real and hand-made pages through the
 * converter, read back by Iceberg's generic reader and compared field by field with what the JSON
 * says ({@link ExpectedRows}, computed from the JSON independently of the flattener).
 */
class KeyedTablesIT extends LakeInTempDir {

    KeyedTablesIT() {
        super(Reading.FILES, new PageGenerator(7, 50));
    }

    @Test
    void shouldConvertTheIncludesOfRealPagesSoThatTheGenericReaderReadsEveryFieldAsInTheJson() {
        // Given a run of the real X pages: 23 + 59 + 2 + 1 referenced posts, 21 media, a place, a poll
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest = runs.run("kpop", RUN_A, T1, SamplePages.capturedTexts(), expected);

        // When
        convert(manifest);

        // Then every row and field is what the JSON says, and each table got one snapshot naming the run
        assertThat(expected.rows("referenced_tweets")).hasSizeGreaterThan(80);
        assertThat(expected.rows("media")).hasSize(21);
        assertThat(expected.rows("places")).hasSize(1);
        assertThat(expected.rows("polls")).hasSize(1);
        assertSameRows(lake.rows("referenced_tweets", "id"), expected.rows("referenced_tweets"));
        assertSameRows(lake.rows("media", "media_key"), expected.rows("media"));
        assertSameRows(lake.rows("places", "id"), expected.rows("places"));
        assertSameRows(lake.rows("polls", "id"), expected.rows("polls"));
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        for (String table : List.of("referenced_tweets", "media", "places", "polls")) {
            assertThat(lake.snapshots(table))
                    .as(table)
                    .singleElement()
                    .satisfies(s -> assertThat(s.summary()).containsEntry("xlake.runs", RUN_A));
        }
        for (String table : List.of("referenced_tweets", "media", "places", "polls")) {
            assertThat(lake.table(table).spec().isUnpartitioned()).as(table).isTrue();
        }
    }

    @Test
    void shouldKeepARetweetWhoseOriginalIsMissingFromIncludesWithoutAReferencedRow() {
        // Given a retweet of a post X did not include (its errors array says so), and one it did
        String page = """
            {"data": [
              {"id": "1861000000000000001", "text": "RT @a: gone", "author_id": "11",
               "created_at": "2026-11-25T10:00:00.000Z",
               "referenced_tweets": [{"type": "retweeted", "id": "1860000000000000009"}]},
              {"id": "1861000000000000002", "text": "RT @a: here", "author_id": "11",
               "created_at": "2026-11-25T10:01:00.000Z",
               "referenced_tweets": [{"type": "retweeted", "id": "1860000000000000008"}]}],
             "includes": {
               "users": [{"id": "11", "username": "b", "name": "B"}, {"id": "12", "username": "a", "name": "A"}],
               "tweets": [{"id": "1860000000000000008", "text": "here in full", "author_id": "12",
                           "created_at": "2026-11-24T10:00:00.000Z", "lang": "en",
                           "public_metrics": {"retweet_count": 5, "like_count": 7}}]},
             "errors": [{"value": "1860000000000000009", "detail": "Could not find tweet with referenced_tweets.id: [1860000000000000009].", "title": "Not Found Error", "resource_type": "tweet",
               "parameter": "referenced_tweets.id", "resource_id": "1860000000000000009",
               "type": "https://api.twitter.com/2/problems/resource-not-found"}],
             "meta": {"result_count": 2}}""";
        ExpectedRows expected = new ExpectedRows();

        // When
        convert(runs.run("kpop", RUN_A, T1, List.of(page), expected));

        // Then both retweets are rows, only the included original is a referenced row, with its author's names
        Map<String, ObjectNode> tweets = lake.tweets();
        assertSameRows(tweets, expected.tweets());
        assertThat(tweets.get("kpop/1861000000000000001").get("retweeted_text").isNull())
                .isTrue();
        Map<String, ObjectNode> referenced = lake.rows("referenced_tweets", "id");
        assertSameRows(referenced, expected.rows("referenced_tweets"));
        assertThat(referenced).containsOnlyKeys("1860000000000000008");
        ObjectNode original = referenced.get("1860000000000000008");
        assertThat(original.get("author_username").asText()).isEqualTo("a");
        assertThat(original.get("author_name").asText()).isEqualTo("A");
        assertThat(original.get("text").asText()).isEqualTo("here in full");
        assertThat(original.get("retweet_count").asLong()).isEqualTo(5);
    }

    @Test
    void shouldKeepVideosWithoutUrlAndPlacesWithoutBoundingBox() {
        // Given a video (no url: X sends one for photos only), a GIF, and a place without geo
        String page = """
            {"data": [{"id": "1861000000000000003", "text": "v", "author_id": "11",
               "created_at": "2026-11-25T10:00:00.000Z",
               "attachments": {"media_keys": ["7_1", "16_2"]}, "geo": {"place_id": "01a9a39529b27f36"}}],
             "includes": {
               "media": [
                 {"media_key": "7_1", "type": "video", "duration_ms": 30000, "width": 1280, "height": 720,
                  "preview_image_url": "https://pbs.twimg.com/p.jpg", "alt_text": "a dog",
                  "public_metrics": {"view_count": 1234},
                  "variants": [{"bit_rate": 2176000, "content_type": "video/mp4", "url": "https://video.twimg.com/a.mp4"},
                               {"content_type": "application/x-mpegURL", "url": "https://video.twimg.com/a.m3u8"}]},
                 {"media_key": "16_2", "type": "animated_gif", "width": 320, "height": 200,
                  "preview_image_url": "https://pbs.twimg.com/g.jpg"},
                 {"type": "photo", "url": "https://pbs.twimg.com/nokey.jpg"}],
               "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY", "name": "Manhattan",
                           "country": "United States", "country_code": "US", "place_type": "city",
                           "contained_within": ["96683cc9126741d1"]}]},
             "meta": {"result_count": 1}}""";
        ExpectedRows expected = new ExpectedRows();

        // When
        convert(runs.run("kpop", RUN_A, T1, List.of(page), expected));

        // Then the media and the place are rows with nulls where X sent nothing; the object without key is not
        Map<String, ObjectNode> media = lake.rows("media", "media_key");
        assertSameRows(
                media,
                expected.rows("media").entrySet().stream()
                        .filter(e -> !e.getKey().isEmpty())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        ObjectNode video = media.get("7_1");
        assertThat(video.get("url").isNull()).isTrue();
        assertThat(video.get("view_count").asLong()).isEqualTo(1234);
        assertThat(video.get("variants")).hasSize(2);
        assertThat(video.get("variants").get(1).get("bit_rate").isNull()).isTrue();
        Map<String, ObjectNode> places = lake.rows("places", "id");
        assertSameRows(places, expected.rows("places"));
        assertThat(places.get("01a9a39529b27f36").get("bounding_box").isNull()).isTrue();
        assertThat(places.get("01a9a39529b27f36").get("contained_within").get(0).asText())
                .isEqualTo("96683cc9126741d1");
    }

    @Test
    void shouldKeepTheNewestVotesOfAPollSeenTwiceWhateverOrderTheRunsAreConvertedIn() {
        // Given a poll fetched by run A and, later and with more votes, by run B
        // When B is converted before A
        Map<String, String> commitOfA = convertPollSeenTwice(RUN_B, RUN_A);

        // Then B's votes stand, as the JSON of the newest fetch says (convertPollSeenTwice checks);
        // A's fetch is older than B's rows: no proof, so A's commit of polls was Spark's MERGE
        assertThat(commitOfA).containsEntry("xlake.runs", RUN_A).containsKey("spark.app.id");
    }

    @Test
    void shouldUpsertAPollFetchedAgainByANewerRunWithAnEqualityDeleteInsteadOfAMerge() {
        // Given a poll fetched by run A and, later and with more votes, by run B
        // When A is converted, and then B, the newer run
        Map<String, String> commitOfB = convertPollSeenTwice(RUN_A, RUN_B);

        // Then B's votes stand, committed with one equality delete file (the proof held), no MERGE
        assertThat(commitOfB)
                .containsEntry("xlake.runs", RUN_B)
                .containsEntry("added-equality-delete-files", "1")
                .doesNotContainKey("spark.app.id");
    }

    @Test
    void shouldCommitNoSnapshotToATableAConversionHasNoRowsForAndStillSkipItsRunsAfterwards() {
        // Given a converted run with a poll, and a run of generated pages: tweets and users only
        ExpectedRows expected = new ExpectedRows();
        convert(runs.run("kpop", RUN_B, T2, List.of(pollPage(1, 2)), expected));
        org.apache.hadoop.fs.Path manifest =
                runs.run("kpop", RUN_A, T1, PageGenerator.idsBackFrom(T1, 200, 10_000), 0, expected);

        // When it is converted, and then again
        ConvertSummary first = convert(manifest);
        ConvertSummary again = convert(manifest);

        // Then the tables without rows got no snapshot, the tweets snapshot names them, and the run is skipped
        assertThat(first.tweetsWritten()).isEqualTo(200);
        assertThat(lake.snapshots("polls")).hasSize(1);
        for (String table : List.of("referenced_tweets", "media", "places")) {
            assertThat(lake.snapshots(table)).as(table).isEmpty();
        }
        assertThat(lake.snapshots("users")).as("the poll page names no user").hasSize(1);
        List<org.apache.iceberg.Snapshot> tweets = lake.snapshots("tweets");
        assertThat(tweets).hasSize(2);
        assertThat(tweets.get(1).summary())
                .containsEntry("xlake.runs", RUN_A)
                .containsEntry(RunLedger.NO_ROWS_PROPERTY, "referenced_tweets,media,places,polls");
        assertThat(again.pages()).isZero();
        assertSameRows(lake.tweets(), expected.tweets());
    }

    /**
     * Writes run A (T1) and run B (T2, more votes) of one poll page, converts the two runs in the
     * order given, checks that B's votes stand, and returns the summary of the second commit of polls.
     */
    private Map<String, String> convertPollSeenTwice(String firstRun, String secondRun) {
        ExpectedRows expected = new ExpectedRows();
        Map<String, org.apache.hadoop.fs.Path> manifests = Map.of(
                RUN_A, runs.run("kpop", RUN_A, T1, List.of(pollPage(60, 185)), expected),
                RUN_B, runs.run("kpop", RUN_B, T2, List.of(pollPage(90, 240)), expected));
        convert(manifests.get(firstRun));
        convert(manifests.get(secondRun));
        assertNewestVotes(expected);
        return lake.snapshots("polls").get(1).summary();
    }

    private void assertNewestVotes(ExpectedRows expected) {
        Map<String, ObjectNode> polls = lake.rows("polls", "id");
        assertSameRows(polls, expected.rows("polls"));
        ObjectNode poll = polls.get("1440382209790132235");
        assertThat(poll.get("options").get(0).get("votes").asLong()).isEqualTo(90);
        assertThat(poll.get("options").get(1).get("votes").asLong()).isEqualTo(240);
        assertThat(poll.get("run_id").asText()).isEqualTo(RUN_B);
    }

    @Test
    void shouldWriteEachKeyOnceWhenTwoTasksHoldIt() {
        // Given a run of 60 generated pages with expansions, which the conversion splits between two
        // tasks: a referenced post of the hour where their pages meet is in both tasks, and most
        // users are
        ExpectedRows expected = new ExpectedRows();
        LocalRuns withExpansions = LocalRuns.readAsFiles(bucket, new PageGenerator(7, 50, true));
        org.apache.hadoop.fs.Path manifest =
                withExpansions.run("kpop", RUN_A, T1, PageGenerator.idsBackFrom(T1, 6_000, 60_000), 0, expected);

        // When
        convert(manifest);

        // Then every table holds each key once, the newest copy, written once: one data file per
        // partition (the users' buckets, the whole of an unpartitioned table), no delete files
        assertSameRows(lake.rows("referenced_tweets", "id"), expected.rows("referenced_tweets"));
        assertSameRows(lake.rows("media", "media_key"), expected.rows("media"));
        assertSameRows(lake.rows("places", "id"), expected.rows("places"));
        assertSameRows(lake.users(), expected.users());
        assertSameRows(lake.tweets(), expected.tweets());
        for (String table : List.of("referenced_tweets", "media", "places")) {
            assertThat(lake.snapshots(table))
                    .singleElement()
                    .satisfies(s -> assertThat(s.summary())
                            .containsEntry("added-data-files", "1")
                            .doesNotContainKey("added-delete-files"));
        }
        assertThat(lake.snapshots("users"))
                .singleElement()
                .satisfies(s -> assertThat(s.summary())
                        .containsEntry("added-data-files", s.summary().get("changed-partition-count"))
                        .doesNotContainKey("added-delete-files"));
    }

    private static String pollPage(long yes, long no) {
        return """
            {"data": [{"id": "1440382209790132235", "text": "Do you?", "author_id": "11",
               "created_at": "2021-09-21T18:27:34.000Z", "attachments": {"poll_ids": ["1440382209790132235"]}}],
             "includes": {"polls": [{"id": "1440382209790132235", "voting_status": "open",
               "duration_minutes": 1440, "end_datetime": "2021-09-22T18:27:34.000Z",
               "options": [{"position": 1, "label": "Yes", "votes": %d},
                           {"position": 2, "label": "No", "votes": %d}]}]},
             "meta": {"result_count": 1}}""".formatted(yes, no);
    }
}
