package dev.xlake.xapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.and;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.xlake.testing.RealPages.realPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.xlake.config.BearerToken;
import dev.xlake.core.manifest.RateLimit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDK-HttpClient X client against WireMock: the request it sends, the bytes it keeps. */
class HttpXApiClientWireMockIT {

    static final String PATH = "/2/tweets/search/recent";

    @RegisterExtension
    final WireMockExtension wireMock = WireMockExtension.newInstance().build();

    HttpXApiClient client;

    @BeforeEach
    void start() {
        client = new HttpXApiClient(
                URI.create(wireMock.baseUrl()), BearerToken.of("tok-123", "test"), Duration.ofSeconds(2));
    }

    @Test
    void shouldSendEveryFieldAndBoundAndKeepTheBodyBytes() throws Exception {
        // Given a real X page, served with X's rate-limit headers
        byte[] realPage = realPage("kpop-recent-search-page.json");
        wireMock.stubFor(get(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("content-type", "application/json; charset=utf-8")
                        .withHeader("x-rate-limit-limit", "450")
                        .withHeader("x-rate-limit-remaining", "448")
                        .withHeader("x-rate-limit-reset", "1665183229")
                        .withBody(realPage)));

        // When
        XResponse response = client.search(new RecentSearchRequest(
                "#kpop lang:en", 100, "1440715923816546309", null, "1440717170493689866", "b26v89c19zqg8o3f"));

        // Then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(realPage);
        assertThat(response.rateLimit()).isEqualTo(new RateLimit(450L, 448L, 1665183229L));
        wireMock.verify(getRequestedFor(urlPathEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer tok-123"))
                .withQueryParam("query", equalTo("#kpop lang:en"))
                .withQueryParam("max_results", equalTo("100"))
                .withQueryParam("since_id", equalTo("1440715923816546309"))
                .withQueryParam("until_id", equalTo("1440717170493689866"))
                .withQueryParam("next_token", equalTo("b26v89c19zqg8o3f"))
                // One pattern per parameter: a second withQueryParam of the same name replaces the first
                .withQueryParam(
                        "tweet.fields",
                        and(
                                containing("created_at,edit_controls,edit_history_tweet_ids,"
                                        + "entities,geo,id,in_reply_to_user_id,lang,note_tweet,possibly_sensitive,"
                                        + "public_metrics,referenced_tweets,reply_settings"),
                                containing("context_annotations,conversation_id"),
                                containing("withheld")))
                .withQueryParam(
                        "expansions",
                        equalTo("author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
                                + "entities.mentions.username,attachments.media_keys,attachments.poll_ids,geo.place_id,"
                                + "in_reply_to_user_id"))
                .withQueryParam("user.fields", containing("username"))
                .withQueryParam("media.fields", containing("variants"))
                .withQueryParam("place.fields", containing("country_code"))
                .withQueryParam("poll.fields", containing("options")));
    }

    @Test
    void shouldSendStartTimeInsteadOfSinceId() throws Exception {
        wireMock.stubFor(
                get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));

        client.search(new RecentSearchRequest("q", 10, null, Instant.parse("2026-11-18T20:06:00.123Z"), null, null));

        wireMock.verify(getRequestedFor(urlPathEqualTo(PATH))
                .withQueryParam("start_time", equalTo("2026-11-18T20:06:00Z"))
                .withoutQueryParam("since_id")
                .withoutQueryParam("next_token"));
    }

    @Test
    void shouldSurfaceDroppedConnectionsAndTimeoutsAsIoExceptions() {
        wireMock.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("query", equalTo("drop"))
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        wireMock.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("query", equalTo("slow"))
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1000)));
        HttpXApiClient impatient = new HttpXApiClient(
                URI.create(wireMock.baseUrl()), BearerToken.of("tok-123", "test"), Duration.ofMillis(200));

        assertThatThrownBy(() -> client.search(new RecentSearchRequest("drop", 10, null, null, null, null)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> impatient.search(new RecentSearchRequest("slow", 10, null, null, null, null)))
                .isInstanceOf(HttpTimeoutException.class);
    }
}
