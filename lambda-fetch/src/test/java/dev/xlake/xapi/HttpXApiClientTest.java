package dev.xlake.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.config.BearerToken;
import dev.xlake.core.net.RefusingPort;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpXApiClientTest {

    @Test
    void shouldRequestNoUserObjectsWhenTheQueryTurnsUserExpansionsOff() {
        URI base = URI.create("https://api.x.com");

        String withUsers = HttpXApiClient.uri(base, new RecentSearchRequest("kpop", 10, null, null, null, null))
                .getRawQuery();
        String withoutUsers = HttpXApiClient.uri(
                        base, new RecentSearchRequest("kpop", 10, null, null, null, null, false))
                .getRawQuery();

        // author_id stays a tweet field (an id, not a charged user object)
        assertThat(withUsers).contains("user.fields=").contains("expansions=author_id%2C");
        assertThat(withoutUsers)
                .doesNotContain("user.fields")
                .contains("&expansions=referenced_tweets.id%2Cattachments.media_keys%2Cattachments.poll_ids"
                        + "%2Cgeo.place_id&");
    }

    @Test
    void shouldAskTheFullArchiveForTheWindowInWholeSecondsWithTheSameFields() {
        URI base = URI.create("https://api.x.com");
        FullArchiveRequest request = new FullArchiveRequest(
                "kpop",
                500,
                Instant.parse("2026-01-01T00:00:00.250Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                "tok1",
                true);

        URI uri = HttpXApiClient.uri(base, request);

        assertThat(uri.getPath()).isEqualTo("/2/tweets/search/all");
        assertThat(uri.getRawQuery())
                .startsWith("query=kpop&max_results=500&start_time=2026-01-01T00%3A00%3A00Z"
                        + "&end_time=2026-01-02T00%3A00%3A00Z&next_token=tok1&tweet.fields=")
                .contains("user.fields=");
        assertThat(HttpXApiClient.uri(base, new RecentSearchRequest("kpop", 10, null, null, null, null))
                        .getRawQuery())
                .contains(uri.getRawQuery().substring(uri.getRawQuery().indexOf("&tweet.fields=")));
    }

    @Test
    void shouldRefuseAFullArchivePageOfMoreThan500OrAnEmptyWindow() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new FullArchiveRequest("kpop", 501, t, t.plusSeconds(1), null, true))
                .hasMessageContaining("max_results must be 10-500, got 501");
        assertThatThrownBy(() -> new FullArchiveRequest("kpop", 100, t, t, null, true))
                .hasMessageContaining("is not before end_time");
    }

    @Test
    void shouldNameHostAndPortWhenTheConnectionIsRefused() throws Exception {
        // Given a port that refuses connections
        try (RefusingPort refusing = new RefusingPort()) {
            int port = refusing.port();
            URI url = URI.create("http://127.0.0.1:" + port);
            HttpXApiClient client = new HttpXApiClient(url, BearerToken.of("token", "test"), Duration.ofSeconds(5));

            // When / Then the JDK's bare "ConnectException: null" becomes a sentence
            assertThatThrownBy(() -> client.search(new RecentSearchRequest("kpop", 10, null, null, null, null)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessage("Cannot connect to the X API at 127.0.0.1:" + port + ": connection refused");
        }
    }
}
