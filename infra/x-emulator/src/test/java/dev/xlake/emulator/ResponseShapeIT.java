package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static dev.xlake.emulator.SearchClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the emulator's bodies against X's OpenAPI spec (v2.159) and the real captured pages:
 * field names, required properties, enums and id patterns, and field filtering.
 */
class ResponseShapeIT extends EmulatorFixture {

    static final String ALL_TWEET_FIELDS = "attachments,author_id,context_annotations,conversation_id,created_at,"
            + "display_text_range,edit_controls,edit_history_tweet_ids,entities,geo,id,in_reply_to_user_id,lang,note_tweet,"
            + "possibly_sensitive,public_metrics,referenced_tweets,reply_settings,source,text,withheld";
    static final String ALL_EXPANSIONS =
            "author_id,in_reply_to_user_id,referenced_tweets.id,referenced_tweets.id.author_id,"
                    + "entities.mentions.username,attachments.poll_ids,attachments.media_keys,geo.place_id";
    static final String ALL_USER_FIELDS =
            "created_at,description,entities,id,location,name,pinned_tweet_id,profile_image_url,"
                    + "protected,public_metrics,url,username,verified,verified_type,withheld";
    static final String ALL_MEDIA_FIELDS =
            "alt_text,duration_ms,height,media_key,preview_image_url,public_metrics,type,url,variants,width";
    static final String ALL_PLACE_FIELDS = "contained_within,country,country_code,full_name,geo,id,name,place_type";

    /** Ten full pages (1,000 tweets) with every field and expansion the fetcher asks for. */
    List<JsonNode> fullPages() {
        List<JsonNode> pages = new ArrayList<>();
        Map<String, String> request = params(
                "query",
                "kpop OR crypto OR brexit OR football OR ai OR climate",
                "max_results",
                "100",
                "start_time",
                NOW.minus(Duration.ofDays(2)).toString(),
                "tweet.fields",
                ALL_TWEET_FIELDS,
                "expansions",
                ALL_EXPANSIONS,
                "user.fields",
                ALL_USER_FIELDS,
                "media.fields",
                ALL_MEDIA_FIELDS,
                "place.fields",
                ALL_PLACE_FIELDS);
        for (int i = 0; i < 10; i++) {
            JsonNode page = json(client.get(request));
            pages.add(page);
            request.put("next_token", page.at("/meta/next_token").asText());
        }
        return pages;
    }

    @Test
    void shouldFollowTheOpenApiSchemasForEveryObject() {
        XApiSamples.Shape tweet = XApiSamples.shape("Tweet");
        XApiSamples.Shape user = XApiSamples.shape("User");
        XApiSamples.Shape place = XApiSamples.shape("Place");
        XApiSamples.Shape notFound = XApiSamples.shape("ResourceNotFoundProblem");
        Set<String> mediaProperties = new HashSet<>();
        for (String kind : List.of("Media", "Photo", "Video", "AnimatedGif")) {
            mediaProperties.addAll(XApiSamples.shape(kind).properties().keySet());
        }
        mediaProperties.add("media_key");
        mediaProperties.add("public_metrics");
        Set<String> responseProperties =
                XApiSamples.shape("Get2TweetsSearchRecentResponse").properties().keySet();

        for (JsonNode page : fullPages()) {
            assertThat(fieldSet(page)).isSubsetOf(responseProperties);
            assertThat(fieldSet(page.get("includes")))
                    .isSubsetOf(XApiSamples.shape("Expansions").properties().keySet());
            List<JsonNode> tweets = new ArrayList<>();
            page.get("data").forEach(tweets::add);
            page.at("/includes/tweets").forEach(tweets::add);
            tweets.forEach(t -> checkTweet(t, tweet));
            page.at("/includes/users").forEach(u -> {
                checkObject(u, user, "User");
                assertThat(u.get("username").asText()).matches("^[A-Za-z0-9_]{1,15}$");
                checkObject(
                        u.path("public_metrics"),
                        XApiSamples.shape(user.properties().get("public_metrics")),
                        "User.public_metrics",
                        true);
            });
            page.at("/includes/media").forEach(m -> {
                assertThat(fieldSet(m)).as("media %s", m).isSubsetOf(mediaProperties);
                assertThat(m.get("media_key").asText()).matches("^([0-9]+)_([0-9]+)$");
                assertThat(m.get("type").asText()).isIn("photo", "video", "animated_gif");
            });
            page.at("/includes/places").forEach(p -> checkObject(p, place, "Place"));
            page.path("errors").forEach(e -> checkObject(e, notFound, "ResourceNotFoundProblem"));
        }
    }

    void checkTweet(JsonNode node, XApiSamples.Shape tweet) {
        checkObject(node, tweet, "Tweet");
        assertThat(node.get("id").asText()).matches("^[0-9]{1,19}$");
        if (node.has("public_metrics")) {
            // The spec now requires bookmark and impression counts; older tweets lack them on the real API.
            XApiSamples.Shape metrics = XApiSamples.shape(tweet.properties().get("public_metrics"));
            assertThat(fieldSet(node.get("public_metrics")))
                    .isSubsetOf(metrics.properties().keySet())
                    .contains("retweet_count", "reply_count", "like_count", "quote_count");
        }
        if (node.has("entities")) {
            XApiSamples.Shape entities = XApiSamples.shape("FullTextEntities");
            assertThat(fieldSet(node.get("entities")))
                    .isSubsetOf(entities.properties().keySet());
            node.at("/entities/urls").forEach(u -> checkObject(u, XApiSamples.shape("UrlEntity"), "UrlEntity"));
            node.at("/entities/hashtags")
                    .forEach(h -> checkObject(h, XApiSamples.shape("HashtagEntity"), "HashtagEntity"));
            node.at("/entities/mentions")
                    .forEach(m -> checkObject(m, XApiSamples.shape("MentionEntity"), "MentionEntity"));
            node.at("/entities/cashtags")
                    .forEach(c -> checkObject(c, XApiSamples.shape("CashtagEntity"), "CashtagEntity"));
        }
        node.path("referenced_tweets").forEach(r -> {
            checkObject(
                    r,
                    XApiSamples.shape(
                            tweet.properties().get("referenced_tweets").get("items")),
                    "referenced_tweets[]");
            assertThat(r.get("type").asText()).isIn("retweeted", "quoted", "replied_to");
        });
        node.path("context_annotations")
                .forEach(a -> checkObject(a, XApiSamples.shape("ContextAnnotation"), "ContextAnnotation"));
        if (node.has("edit_controls")) {
            checkObject(
                    node.get("edit_controls"),
                    XApiSamples.shape(tweet.properties().get("edit_controls")),
                    "edit_controls");
        }
        if (node.has("withheld")) {
            checkObject(node.get("withheld"), XApiSamples.shape("TweetWithheld"), "TweetWithheld");
        }
        if (node.has("note_tweet")) {
            assertThat(fieldSet(node.get("note_tweet")))
                    .isSubsetOf(XApiSamples.shape(tweet.properties().get("note_tweet"))
                            .properties()
                            .keySet());
        }
        if (node.has("reply_settings")) {
            assertThat(node.get("reply_settings").asText())
                    .isIn("everyone", "mentionedUsers", "following", "other", "subscribers", "verified");
        }
    }

    static void checkObject(JsonNode node, XApiSamples.Shape shape, String name) {
        checkObject(node, shape, name, false);
    }

    static void checkObject(JsonNode node, XApiSamples.Shape shape, String name, boolean allowMissingRequired) {
        assertThat(fieldSet(node))
                .as("%s properties of %s", name, node)
                .isSubsetOf(shape.properties().keySet());
        if (!allowMissingRequired) {
            assertThat(fieldSet(node)).as("%s required of %s", name, node).containsAll(shape.required());
        }
    }

    @Test
    void shouldProduceEveryFieldTheRealPagesHave() {
        Set<String> emulatedTweetFields = new HashSet<>();
        Set<String> emulatedUserFields = new HashSet<>();
        Set<String> emulatedMediaFields = new HashSet<>();
        Set<String> emulatedPlaceFields = new HashSet<>();
        Set<String> emulatedIncludes = new HashSet<>();
        for (JsonNode page : fullPages()) {
            page.get("data").forEach(t -> emulatedTweetFields.addAll(fieldSet(t)));
            page.at("/includes/users").forEach(u -> emulatedUserFields.addAll(fieldSet(u)));
            page.at("/includes/media").forEach(m -> emulatedMediaFields.addAll(fieldSet(m)));
            page.at("/includes/places").forEach(p -> emulatedPlaceFields.addAll(fieldSet(p)));
            emulatedIncludes.addAll(fieldSet(page.get("includes")));
        }

        JsonNode real = XApiSamples.read("pages/kpop-recent-search-page.json");
        real.get("data").forEach(t -> assertThat(emulatedTweetFields).containsAll(fieldSet(t)));
        real.at("/includes/users").forEach(u -> assertThat(emulatedUserFields).containsAll(fieldSet(u)));
        real.at("/includes/media").forEach(m -> assertThat(emulatedMediaFields).containsAll(fieldSet(m)));
        real.at("/includes/places").forEach(p -> assertThat(emulatedPlaceFields).containsAll(fieldSet(p)));
        assertThat(emulatedIncludes).containsAll(fieldSet(real.get("includes")));
        assertThat(emulatedTweetFields).contains("note_tweet", "withheld", "edit_controls", "in_reply_to_user_id");
    }

    @Test
    void shouldReturnOnlyTheRequestedFieldsAndExpansions() {
        JsonNode page =
                searchKpopOrCrypto("tweet.fields", "created_at", "expansions", "author_id", "user.fields", "location");

        page.get("data")
                .forEach(t -> assertThat(fieldSet(t))
                        .containsExactlyInAnyOrder("id", "text", "edit_history_tweet_ids", "created_at"));
        assertThat(fieldSet(page.get("includes"))).containsExactly("users");
        assertThat(page.at("/includes/users"))
                .isNotEmpty()
                .allSatisfy(u -> assertThat(fieldSet(u))
                        .contains("id", "name", "username")
                        .isSubsetOf("id", "name", "username", "location"));
        assertThat(page.at("/includes/users"))
                .anySatisfy(u -> assertThat(u.has("location")).isTrue());
    }

    @Test
    void shouldLeaveIncludesAndPartialErrorsOutWithoutExpansions() {
        // Given fields that name other objects, but no expansions
        JsonNode page = searchKpopOrCrypto(
                "tweet.fields", "author_id,referenced_tweets,attachments,geo", "user.fields", "location");

        // Then the references are there, the referenced objects and their errors are not
        assertThat(XApiEmulatorIT.fieldNames(page)).containsExactly("data", "meta");
        assertThat(page.get("data"))
                .anySatisfy(t -> assertThat(t.has("referenced_tweets")).isTrue())
                .anySatisfy(t -> assertThat(t.has("attachments")).isTrue())
                .allSatisfy(t -> assertThat(t.has("author_id")).isTrue());
    }

    @Test
    void shouldExpandEveryReferenceOrReportItInErrors() {
        int missingAuthors = 0;
        int missingTweets = 0;
        for (JsonNode page : fullPages()) {
            Set<String> users = ids(page.at("/includes/users"), "id");
            Set<String> tweets = ids(page.at("/includes/tweets"), "id");
            Set<String> media = ids(page.at("/includes/media"), "media_key");
            Set<String> places = ids(page.at("/includes/places"), "id");
            Set<String> errorIds = ids(page.path("errors"), "resource_id");
            for (JsonNode tweet : page.get("data")) {
                String author = tweet.get("author_id").asText();
                missingAuthors += missingButReported(users, errorIds, author, "author " + author);
                for (JsonNode reference : tweet.path("referenced_tweets")) {
                    String id = reference.get("id").asText();
                    missingTweets += missingButReported(tweets, errorIds, id, "referenced " + id);
                }
                tweet.at("/attachments/media_keys")
                        .forEach(k -> assertThat(media).contains(k.asText()));
                if (tweet.has("geo")) {
                    assertThat(places).contains(tweet.at("/geo/place_id").asText());
                }
            }
        }
        assertThat(missingAuthors).as("authors reported missing").isPositive();
        assertThat(missingTweets).as("referenced tweets reported missing").isPositive();
    }

    @Test
    void shouldDescribeErrorsLikeTheRealPage() {
        JsonNode realError =
                XApiSamples.read("pages/kpop-recent-search-page.json").at("/errors/0");
        List<JsonNode> forbidden = new ArrayList<>();
        fullPages()
                .forEach(p -> p.path("errors").forEach(e -> {
                    if (e.path("title").asText().equals("Forbidden")) {
                        forbidden.add(e);
                    }
                }));

        assertThat(forbidden).isNotEmpty().allSatisfy(e -> {
            assertThat(fieldSet(e)).isEqualTo(fieldSet(realError));
            assertThat(e.get("detail").asText()).startsWith("User has been suspended: [");
        });
    }

    static Set<String> ids(JsonNode array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }

    static Set<String> fieldSet(JsonNode node) {
        return XApiEmulatorIT.fieldSet(node);
    }

    /** One page of 100 for {@code kpop OR crypto}, with these field and expansion parameters. */
    private JsonNode searchKpopOrCrypto(String... fieldParams) {
        Map<String, String> request = params("query", "kpop OR crypto", "max_results", "100");
        request.putAll(params(fieldParams));
        return json(client.get(request));
    }

    /** 1 if {@code id} is not among the expanded ids (then it must be among the errors), else 0. */
    private static int missingButReported(Set<String> expanded, Set<String> errorIds, String id, String what) {
        assertThat(expanded.contains(id) || errorIds.contains(id)).as(what).isTrue();
        return expanded.contains(id) ? 0 : 1;
    }
}
