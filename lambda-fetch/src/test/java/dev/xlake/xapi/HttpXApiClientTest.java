package dev.xlake.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.config.BearerToken;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
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
    void shouldNameHostAndPortWhenTheConnectionIsRefused() throws Exception {
        // Given a port nothing listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        HttpXApiClient client = new HttpXApiClient(url, BearerToken.of("token", "test"), Duration.ofSeconds(5));

        // When / Then the JDK's bare "ConnectException: null" becomes a sentence
        assertThatThrownBy(() -> client.search(new RecentSearchRequest("kpop", 10, null, null, null, null)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Cannot connect to the X API at 127.0.0.1:" + port + ": connection refused");
    }
}
