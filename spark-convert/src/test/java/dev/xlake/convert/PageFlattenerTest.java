package dev.xlake.convert;

import static dev.xlake.convert.LakeSchema.utf8;
import static dev.xlake.convert.Utf8Strings.str;
import static dev.xlake.convert.Utf8Strings.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageFlattenerTest {

    private static final Instant FETCHED = SamplePages.FETCHED;
    private static final PageRef PAGE = SamplePages.PAGE;

    private static FlattenedPage flatten(String json) {
        return PageFlattener.flatten(json.getBytes(StandardCharsets.UTF_8), PAGE, FETCHED);
    }

    private static TweetRecord onlyTweet(String json) {
        FlattenedPage page = flatten(json);
        assertThat(page.quarantined()).isEmpty();
        assertThat(page.tweets()).hasSize(1);
        return page.tweets().get(0);
    }

    @Test
    void shouldFlattenEveryTweetColumn() {
        TweetRecord tweet = onlyTweet("""
        {"data": [{
          "id": "1861234567890999999", "text": "RT @bts: short #kpop $TSLA",
          "author_id": "42", "created_at": "2026-11-25T23:59:59.000Z",
          "conversation_id": "1861234567890000001", "in_reply_to_user_id": "7",
          "lang": "en", "possibly_sensitive": false, "reply_settings": "everyone",
          "source": "Twitter Web App",
          "public_metrics": {"retweet_count": 1, "reply_count": 2, "like_count": 3, "quote_count": 4,
                             "bookmark_count": 5, "impression_count": 6},
          "entities": {
            "hashtags": [{"start": 1, "end": 5, "tag": "kpop"}, {"tag": "BTS"}],
            "cashtags": [{"tag": "TSLA"}],
            "mentions": [{"username": "bts", "id": "9"}],
            "urls": [{"url": "https://t.co/a", "expanded_url": "https://example.com/a"},
                     {"url": "https://t.co/b"}]},
          "referenced_tweets": [{"type": "retweeted", "id": "100"}, {"type": "quoted", "id": "101"}],
          "attachments": {"media_keys": ["3_1", "7_2"], "poll_ids": ["5"]},
          "geo": {"place_id": "01a9a39529b27f36"},
          "edit_history_tweet_ids": ["1861234567890999998", "1861234567890999999"],
          "context_annotations": [
            {"domain": {"id": "10", "name": "Person", "description": "ignored"},
             "entity": {"id": "844438182523383808", "name": "BTS"}}],
          "withheld": {"copyright": false, "country_codes": ["DE", "FR"]},
          "some_future_field": {"nested": true}
        }],
        "includes": {"users": [{"id": "42", "username": "army", "name": "ARMY 💜", "verified": true}]},
        "meta": {"result_count": 1}}
        """);

        assertThat(tweet.query()).isEqualTo("kpop");
        assertThat(tweet.dt()).isEqualTo("2026-11-25");
        assertThat(tweet.id()).isEqualTo("1861234567890999999");
        assertThat(str(tweet.text())).isEqualTo("RT @bts: short #kpop $TSLA");
        assertThat(tweet.authorId()).isEqualTo("42");
        assertThat(str(tweet.authorUsername())).isEqualTo("army");
        assertThat(str(tweet.authorName())).isEqualTo("ARMY 💜");
        assertThat(tweet.authorVerified()).isTrue();
        assertThat(tweet.createdAt()).isEqualTo(Instant.parse("2026-11-25T23:59:59Z"));
        assertThat(str(tweet.conversationId())).isEqualTo("1861234567890000001");
        assertThat(str(tweet.inReplyToUserId())).isEqualTo("7");
        assertThat(str(tweet.lang())).isEqualTo("en");
        assertThat(tweet.possiblySensitive()).isFalse();
        assertThat(str(tweet.replySettings())).isEqualTo("everyone");
        assertThat(str(tweet.source())).isEqualTo("Twitter Web App");
        assertThat(List.of(
                        tweet.retweetCount(),
                        tweet.replyCount(),
                        tweet.likeCount(),
                        tweet.quoteCount(),
                        tweet.bookmarkCount(),
                        tweet.impressionCount()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(strs(tweet.hashtags())).containsExactly("kpop", "BTS");
        assertThat(strs(tweet.cashtags())).containsExactly("TSLA");
        assertThat(strs(tweet.mentions())).containsExactly("bts");
        assertThat(strs(tweet.urls())).containsExactly("https://example.com/a", "https://t.co/b");
        assertThat(tweet.referencedTweets())
                .containsExactly(
                        new TweetRecord.ReferencedTweet("retweeted", "100"),
                        new TweetRecord.ReferencedTweet("quoted", "101"));
        assertThat(tweet.isRetweet()).isTrue();
        assertThat(tweet.isQuote()).isTrue();
        assertThat(tweet.isReply()).isTrue(); // in_reply_to_user_id is set
        assertThat(strs(tweet.mediaKeys())).containsExactly("3_1", "7_2");
        assertThat(str(tweet.placeId())).isEqualTo("01a9a39529b27f36");
        assertThat(strs(tweet.editHistoryTweetIds())).containsExactly("1861234567890999998", "1861234567890999999");
        assertThat(tweet.contextAnnotations())
                .containsExactly(new TweetRecord.ContextAnnotation(
                        utf8("10"), utf8("Person"), utf8("844438182523383808"), utf8("BTS")));
        assertThat(strs(tweet.withheldInCountries())).containsExactly("DE", "FR");
        assertThat(tweet.fetchedAt()).isEqualTo(FETCHED);
        assertThat(tweet.runId()).isEqualTo("R1");
        assertThat(tweet.rawObject()).isEqualTo(PAGE.uri());
    }

    @Test
    void shouldKeepTweetWithNullAuthorFieldsWhenIncludesAreMissing() {
        TweetRecord tweet = onlyTweet("""
        {"data": [{"id": "1", "text": "hi", "author_id": "42", "created_at": "2026-11-25T10:00:00.000Z"}],
         "meta": {"result_count": 1}}
        """);

        assertThat(tweet.authorId()).isEqualTo("42");
        assertThat(tweet)
                .extracting(TweetRecord::authorUsername, TweetRecord::authorName, TweetRecord::authorVerified)
                .containsOnlyNulls();
    }

    @Test
    void shouldReadVariantsAndOptionsLeniently() {
        FlattenedPage page = flatten("""
        {"data": [{"id": "1", "text": "hi", "created_at": "2026-11-25T10:00:00.000Z"}],
         "includes": {
           "media": [{"media_key": "3_1", "type": "video", "variants": [
             {"bit_rate": 832000, "content_type": "video/mp4", "url": "a", "extra": {"url": "x"}},
             "not an object",
             {"url": "b", "url": "c"},
             {}]}],
           "polls": [{"id": "5", "options": [
             {"position": 1, "label": "yes", "votes": 3},
             [7],
             {"votes": 1, "label": "no", "votes": 2}]}]},
         "meta": {"result_count": 1}}
        """);

        assertThat(page.media())
                .singleElement()
                .extracting(MediaRecord::variants)
                .isEqualTo(List.of(
                        new MediaRecord.Variant(832000L, "video/mp4", "a"),
                        new MediaRecord.Variant(null, null, "c"),
                        new MediaRecord.Variant(null, null, null)));
        assertThat(page.polls())
                .singleElement()
                .extracting(PollRecord::options)
                .isEqualTo(List.of(new PollRecord.Option(1L, "yes", 3L), new PollRecord.Option(null, "no", 2L)));
    }

    @Test
    void shouldMapEveryColumnOfMediaPlacesAndPollsLeniently() {
        FlattenedPage page = flatten("""
        {"data": [{"id": "1", "text": "hi", "created_at": "2026-11-25T10:00:00.000Z"}],
         "includes": {
           "media": [
             {"media_key": "3_1", "type": "video", "url": 5, "preview_image_url": {"u": "x"},
              "width": "640", "height": 480.5, "duration_ms": "long", "alt_text": null,
              "public_metrics": {"view_count": "12"}, "variants": {"a": {"bit_rate": "8", "url": "v"}, "b": 3}},
             {"media_key": 7, "type": "photo", "type": "gif", "public_metrics": {"view_count": 1},
              "public_metrics": {}},
             {"type": "photo"}, {"media_key": ""}, {"media_key": {"k": 1}}, 5],
           "places": [
             {"id": "p1", "full_name": "Seoul, KR", "name": "Seoul", "country": "Korea", "country_code": "KR",
              "place_type": "city", "geo": {"type": "Feature", "bbox": [126.7, "37.4", 127, 37.7]},
              "contained_within": ["a", null, 3, ["x"]]},
             {"id": "p2", "geo": {"bbox": [1, 2, 3]}, "contained_within": "x"},
             {"id": "p3", "geo": {"bbox": [1, 2, "three", 4]}, "geo": null}],
           "polls": [
             {"id": "9", "options": [{"position": "1", "label": "yes", "votes": 3}], "duration_minutes": "60",
              "end_datetime": "2026-11-26T10:00:00.000Z", "voting_status": "closed", "extra": [1]},
             {"id": 10, "options": null, "end_datetime": "soon"}]}}
        """);

        // without a usable key (missing, empty, a container) or not an object: left out
        assertThat(page.media()).extracting(MediaRecord::mediaKey).containsExactly("3_1", "7");
        assertThat(page.media().get(0))
                .isEqualTo(new MediaRecord(
                        "3_1",
                        "video",
                        "5",
                        null,
                        640L,
                        null,
                        null,
                        null,
                        12L,
                        List.of(new MediaRecord.Variant(8L, null, "v")),
                        FETCHED,
                        PAGE.runId(),
                        PAGE.uri()));
        MediaRecord repeated = page.media().get(1);
        assertThat(repeated.type()).isEqualTo("gif"); // the last of a repeated field wins
        assertThat(repeated.viewCount()).isNull(); // ... as a whole: the last public_metrics has none
        assertThat(repeated.variants()).isEmpty();
        assertThat(page.places().get(0))
                .isEqualTo(new PlaceRecord(
                        "p1",
                        "Seoul, KR",
                        "Seoul",
                        "Korea",
                        "KR",
                        "city",
                        new PlaceRecord.BoundingBox(126.7, 37.4, 127.0, 37.7),
                        List.of("a", "3"),
                        FETCHED,
                        PAGE.runId(),
                        PAGE.uri()));
        // a bbox of three corners, of a corner that is not a number, or a null geo: no bounding box
        assertThat(page.places().subList(1, 3))
                .extracting(PlaceRecord::id, PlaceRecord::boundingBox, PlaceRecord::containedWithin)
                .containsExactly(tuple("p2", null, List.of()), tuple("p3", null, List.of()));
        assertThat(page.polls())
                .containsExactly(
                        new PollRecord(
                                "9",
                                List.of(new PollRecord.Option(1L, "yes", 3L)),
                                60L,
                                Instant.parse("2026-11-26T10:00:00Z"),
                                "closed",
                                FETCHED,
                                PAGE.runId(),
                                PAGE.uri()),
                        new PollRecord("10", List.of(), null, null, null, FETCHED, PAGE.runId(), PAGE.uri()));
    }

    @Test
    void shouldLeaveAbsentMetricsAndFieldsNullNotZero() {
        TweetRecord tweet = onlyTweet("""
        {"data": [{"id": "1", "text": "hi", "created_at": "2026-11-25T10:00:00.000Z",
                   "public_metrics": {"like_count": "7", "retweet_count": "many"}}]}
        """);

        assertThat(tweet.likeCount()).isEqualTo(7L); // X has sent counts as strings
        assertThat(tweet.retweetCount()).isNull();
        assertThat(tweet)
                .extracting(
                        TweetRecord::replyCount,
                        TweetRecord::quoteCount,
                        TweetRecord::bookmarkCount,
                        TweetRecord::impressionCount)
                .containsOnlyNulls();
        assertThat(strs(tweet.hashtags())).isEmpty();
        assertThat(tweet.referencedTweets()).isEmpty();
        assertThat(str(tweet.lang())).isNull();
        assertThat(tweet.possiblySensitive()).isNull();
        assertThat(str(tweet.placeId())).isNull();
        assertThat(tweet.isRetweet() || tweet.isReply() || tweet.isQuote()).isFalse();
    }

    @Test
    void shouldUseNoteTweetTextAndEntitiesForLongPosts() {
        String longText = "🎉 " + "長い投稿 ".repeat(200) + "#kpop";
        TweetRecord tweet = onlyTweet("""
        {"data": [{"id": "1", "text": "🎉 長い投稿… https://t.co/x", "created_at": "2026-11-25T10:00:00.000Z",
                   "entities": {"urls": [{"url": "https://t.co/x"}]},
                   "note_tweet": {"text": "%s", "entities": {"hashtags": [{"tag": "kpop"}]}}}]}
        """.formatted(longText));

        assertThat(str(tweet.text())).isEqualTo(longText).hasSizeGreaterThan(1000);
        assertThat(strs(tweet.hashtags())).containsExactly("kpop");
        assertThat(strs(tweet.urls())).isEmpty();
    }

    @Test
    void shouldReadPostSpellingsOfNewestSpec() {
        TweetRecord tweet = onlyTweet("""
        {"data": [{"id": "1", "text": "short", "created_at": "2026-11-25T10:00:00.000Z",
                   "note_post": {"text": "the long post"},
                   "referenced_posts": [{"type": "replied_to", "id": "5"}],
                   "edit_history_post_ids": ["1"]}]}
        """);

        assertThat(str(tweet.text())).isEqualTo("the long post");
        assertThat(tweet.referencedTweets()).containsExactly(new TweetRecord.ReferencedTweet("replied_to", "5"));
        assertThat(tweet.isReply()).isTrue();
        assertThat(strs(tweet.editHistoryTweetIds())).containsExactly("1");
    }

    @Test
    void shouldConvertTweetsOfPageWithPartialErrors() {
        FlattenedPage page = flatten("""
        {"data": [{"id": "1", "text": "a", "created_at": "2026-11-25T10:00:00.000Z"}],
         "errors": [{"title": "Forbidden", "detail": "User has been suspended: [x].", "resource_type": "user"}],
         "meta": {"result_count": 1}}
        """);

        assertThat(page.tweets()).extracting(TweetRecord::id).containsExactly("1");
        assertThat(page.quarantined()).isEmpty();
    }

    @Test
    void shouldProduceNothingForEmptyPage() {
        FlattenedPage page = flatten("{\"meta\":{\"result_count\":0}}");

        // no rows of any table, and nothing quarantined
        assertThat(page).isEqualTo(new FlattenedPage(List.of(), List.of(), List.of()));
    }

    @Test
    void shouldQuarantineTweetsWithUnusableIdOrCreatedAtAndKeepTheRest() {
        FlattenedPage page = flatten("""
        {"data": [
          {"id": "1", "text": "good", "created_at": "2026-11-25T10:00:00.000Z"},
          {"text": "no id", "created_at": "2026-11-25T10:00:00.000Z"},
          {"id": "12ab", "text": "bad id", "created_at": "2026-11-25T10:00:00.000Z"},
          {"id": "3", "text": "no date"},
          {"id": "4", "text": "bad date", "created_at": "yesterday"},
          {"id": "5", "text": "beyond a Parquet timestamp", "created_at": "+100000-01-01T00:00:00Z"}]}
        """);

        assertThat(page.tweets()).extracting(TweetRecord::id).containsExactly("1");
        assertThat(page.quarantined())
                .extracting(QuarantineRecord::reason)
                .containsExactly(
                        "invalid_tweet_id",
                        "invalid_tweet_id",
                        "invalid_created_at",
                        "invalid_created_at",
                        "invalid_created_at");
        QuarantineRecord badDate = page.quarantined().get(3);
        assertThat(badDate.itemId()).isEqualTo("4");
        assertThat(badDate.detail()).contains("yesterday");
        assertThat(badDate.record()).contains("bad date");
        assertThat(badDate.rawObject()).isEqualTo(PAGE.uri());
        assertThat(badDate.run()).isEqualTo("R1");
        assertThat(badDate.query()).isEqualTo("kpop");
    }

    @Test
    void shouldQuarantineWholePageThatIsNotJsonOrNotASearchResponse() {
        assertThat(flatten("{\"data\": [ {\"id\": ").quarantined())
                .extracting(QuarantineRecord::reason)
                .containsExactly("invalid_json");
        assertThat(flatten("{\"title\":\"Too Many Requests\",\"status\":429}").quarantined())
                .extracting(QuarantineRecord::reason)
                .containsExactly("not_a_search_response");
        assertThat(flatten("[1, 2]").quarantined())
                .extracting(QuarantineRecord::reason)
                .containsExactly("not_a_search_response");
    }

    @Test
    void shouldQuarantinePageWhoseQueryIsUnknownUnderAdhocRun() {
        PageRef copiedByHand = new PageRef("file:/tmp/page.json", null, null, null, null);

        FlattenedPage page = PageFlattener.flatten(
                "{\"data\":[{\"id\":\"1\",\"created_at\":\"2026-11-25T10:00:00Z\"}]}".getBytes(StandardCharsets.UTF_8),
                copiedByHand,
                FETCHED);

        assertThat(page.tweets()).isEmpty();
        assertThat(page.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("unknown_query");
            assertThat(q.run()).isEqualTo(QuarantineRecord.ADHOC_RUN);
        });
    }

    @Test
    void shouldFlattenUsersWithBucketsAndQuarantineBadIds() {
        FlattenedPage page = flatten("""
        {"data": [], "includes": {"users": [
          {"id": "2244994945", "username": "TwitterDev", "name": "Twitter Dev", "verified": true,
           "verified_type": "business", "protected": false, "created_at": "2013-12-14T04:35:55.000Z",
           "description": "The voice of #TwitterDev", "location": "127.0.0.1", "url": "https://t.co/9",
           "profile_image_url": "https://pbs.twimg.com/p.jpg", "pinned_tweet_id": "160",
           "public_metrics": {"followers_count": 556601, "following_count": 1961, "tweet_count": 4053,
                              "listed_count": 2108, "like_count": 33}},
          {"id": "not-a-number", "username": "ghost"},
          {"id": "18446744073709551615", "username": "max"}]}}
        """);

        assertThat(page.users()).hasSize(2);
        // every column of the first user, the bucket being its unsigned id modulo 16
        assertThat(page.users().get(0))
                .isEqualTo(new UserRecord(
                        String.format("%02d", 2244994945L % 16),
                        "2244994945",
                        utf8("TwitterDev"),
                        utf8("Twitter Dev"),
                        Instant.parse("2013-12-14T04:35:55Z"),
                        utf8("The voice of #TwitterDev"),
                        utf8("127.0.0.1"),
                        true,
                        utf8("business"),
                        false,
                        utf8("https://t.co/9"),
                        utf8("https://pbs.twimg.com/p.jpg"),
                        556601L,
                        1961L,
                        4053L,
                        2108L,
                        33L,
                        utf8("160"),
                        FETCHED,
                        "R1",
                        PAGE.uri()));
        assertThat(page.users().get(1).idBucket()).isEqualTo("15"); // unsigned: 2^64-1 % 16
        assertThat(page.quarantined()).extracting(QuarantineRecord::reason).containsExactly("invalid_user_id");
    }

    @Test
    void shouldParseXTimestampsLikeInstantParse() {
        for (String text : List.of(
                "2021-09-22T16:24:35.000Z",
                "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "2026-11-25T10:00:00.5Z",
                "2026-11-25T10:00:00+02:00")) {
            assertThat(PageFlattener.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String bad : List.of(
                "2021-02-30T10:00:00.000Z", "2021-09-22T24:00:00.000Z", "2021-09-22T16:24:3a.000Z", "yesterday")) {
            assertThatThrownBy(() -> PageFlattener.parseInstant(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void shouldAcceptOnlyIdsThatFitUnsigned64Bits() {
        assertThat(PageFlattener.isNumericId("18446744073709551615")).isTrue();
        assertThat(PageFlattener.isNumericId("18446744073709551616")).isFalse();
        assertThat(PageFlattener.isNumericId("123456789012345678901")).isFalse();
        assertThat(PageFlattener.isNumericId("")).isFalse();
        assertThat(PageFlattener.isNumericId("-1")).isFalse();
        assertThat(PageFlattener.isNumericId("1440717170493689866")).isTrue();
    }

    @Test
    void shouldFlattenRealKpopPageWithErrorsArray() throws IOException {
        byte[] body = SamplePages.bytes("kpop-recent-search-page.json");

        FlattenedPage page = PageFlattener.flatten(body, PAGE, FETCHED);

        assertThat(page.tweets()).hasSize(100);
        assertThat(page.users()).hasSize(112);
        assertThat(page.quarantined()).isEmpty();
        assertThat(page.tweets())
                .allSatisfy(t -> assertThat(str(t.authorUsername())).isNotNull());
        assertThat(page.tweets()).filteredOn(TweetRecord::isRetweet).isNotEmpty();
        TweetRecord first = page.tweets().get(0);
        assertThat(first.id()).isEqualTo("1440717170493689866");
        assertThat(str(first.authorUsername())).isEqualTo("ximerios12_");
        assertThat(strs(first.hashtags())).containsExactly("TopKPopEcuador", "Butter", "Lisa", "charts", "kpop");
        assertThat(strs(first.mentions())).containsExactly("ChartsEcuador", "BTS_twt");
        assertThat(strs(first.urls())).containsExactly("http://www.chartsecuador.biz");
        assertThat(first.contextAnnotations()).hasSize(7);
    }

    @Test
    void shouldCarryTheFullTextOfTheRetweetedPostFromIncludes() throws IOException {
        // Given a real page: 78 of its 100 tweets are retweets, whose own text X cuts to "RT @user: ..."
        byte[] body = SamplePages.bytes("kpop-recent-search-page.json");
        JsonNode root = new ObjectMapper().readTree(body);
        Map<String, String> included = new HashMap<>();
        root.path("includes")
                .path("tweets")
                .forEach(t -> included.put(t.get("id").asText(), t.get("text").asText()));

        // When flattened
        List<TweetRecord> tweets = PageFlattener.flatten(body, PAGE, FETCHED).tweets();

        // Then each retweet names the post it retweets and carries that post's text from includes.tweets
        List<TweetRecord> retweets =
                tweets.stream().filter(TweetRecord::isRetweet).toList();
        assertThat(retweets).hasSize(78).allSatisfy(t -> {
            assertThat(str(t.text())).startsWith("RT @");
            assertThat(t.retweetedId()).isNotNull();
            assertThat(str(t.retweetedText())).isEqualTo(included.get(t.retweetedId()));
        });
        assertThat(str(retweets.get(0).retweetedText()))
                .startsWith("#TopKPopEcuador")
                .doesNotStartWith("RT @");
        assertThat(tweets).filteredOn(t -> !t.isRetweet()).allSatisfy(t -> {
            assertThat(t.retweetedId()).isNull();
            assertThat(str(t.retweetedText())).isNull();
        });
    }

    @Test
    void shouldTakeTheNoteTextOfALongRetweetedPostAndNullWhenXLeftThePostOut() {
        FlattenedPage page = flatten("""
                {"data": [
                  {"id": "11", "created_at": "2026-11-25T10:00:00.000Z", "text": "RT @a: long...",
                   "referenced_tweets": [{"type": "retweeted", "id": "1"}]},
                  {"id": "12", "created_at": "2026-11-25T10:00:00.000Z", "text": "RT @b: gone",
                   "referenced_tweets": [{"type": "quoted", "id": "3"}, {"type": "retweeted", "id": "2"}]}],
                 "includes": {"tweets": [
                   {"id": "1", "text": "long...", "note_tweet": {"text": "the whole long post"}},
                   {"id": "3", "text": "quoted"}]},
                 "errors": [{"resource_id": "2", "title": "Not Found Error"}]}
                """);

        assertThat(page.tweets())
                .extracting(TweetRecord::retweetedId, TweetRecord::retweetedText)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", utf8("the whole long post")),
                        org.assertj.core.groups.Tuple.tuple("2", null));
    }

    @Test
    void shouldFlattenAnnotationsOfARealPage() throws IOException {
        byte[] body = SamplePages.bytes("brexit-recent-search-page.json");

        List<TweetRecord> tweets = PageFlattener.flatten(body, PAGE, FETCHED).tweets();

        assertThat(tweets).filteredOn(t -> !t.annotations().isEmpty()).hasSize(59);
        TweetRecord annotated = tweets.stream()
                .filter(t -> t.id().equals("1440716895355764743"))
                .findFirst()
                .orElseThrow();
        assertThat(annotated.annotations())
                .containsExactly(
                        new TweetRecord.Annotation(9L, 18L, 0.4677, utf8("Organization"), utf8("Labour MPs")),
                        new TweetRecord.Annotation(93L, 98L, 0.5337, utf8("Person"), utf8("Corbyn")));
    }

    @Test
    void shouldReadEditControlsWhoseCountIsAString() {
        // The captured lookup of an edited post sends edits_remaining as the string "4"
        FlattenedPage page = PageFlattener.flatten(SamplePages.bytes("edited-tweet-lookup.json"), PAGE, FETCHED);

        assertThat(page.tweets()).isNotEmpty();
        assertThat(page.tweets().get(0).editControls())
                .isEqualTo(new TweetRecord.EditControls(4L, true, Instant.parse("2022-10-03T18:27:01Z")));
        assertThat(onlyTweet("""
                        {"data": [{"id": "1", "created_at": "2026-11-25T10:00:00.000Z", "text": "t",
                          "edit_controls": {"edits_remaining": 5, "editable_until": "soon"}}]}
                        """).editControls()).isEqualTo(new TweetRecord.EditControls(5L, null, null));
        assertThat(onlyTweet("""
                        {"data": [{"id": "1", "created_at": "2026-11-25T10:00:00.000Z", "text": "t"}]}
                        """).editControls()).isNull();
    }

    @Test
    void shouldReadOnlyTweetsAndUsersWithoutTheExpansions() {
        for (String name : SamplePages.SEARCH_PAGES) {
            byte[] body = SamplePages.bytes(name);
            FlattenedPage all = PageFlattener.flatten(body, PAGE, FETCHED);
            FlattenedPage tweetsAndUsers = PageFlattener.flatten(body, body.length, PAGE, FETCHED, false);

            assertThat(all.referencedTweets()).as(name).isNotEmpty();
            assertThat(all.tweets()).as(name).anyMatch(tweet -> tweet.retweetedText() != null);
            assertThat(tweetsAndUsers.users()).as(name).isEqualTo(all.users());
            assertThat(tweetsAndUsers.tweets())
                    .as(name)
                    .extracting(TweetRecord::id, TweetRecord::text, TweetRecord::authorUsername)
                    .isEqualTo(all.tweets().stream()
                            .map(t -> org.assertj.core.groups.Tuple.tuple(t.id(), t.text(), t.authorUsername()))
                            .toList());
            assertThat(tweetsAndUsers.tweets()).as(name).allMatch(tweet -> tweet.retweetedText() == null);
            assertThat(tweetsAndUsers.referencedTweets()).as(name).isEmpty();
            assertThat(tweetsAndUsers.media()).as(name).isEmpty();
            assertThat(tweetsAndUsers.places()).as(name).isEmpty();
            assertThat(tweetsAndUsers.polls()).as(name).isEmpty();
        }
    }
}
