package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The counts endpoints agree with the corpus that search serves. */
class TweetCountsIT extends EmulatorFixture {

    static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldCountPerDayWhatRecentSearchWouldReturn() {
        // When
        HttpResponse<String> response = client.getPath(TweetCounts.RECENT_PATH + "?query=kpop&granularity=day");

        // Then the days cover X's 7-day window and add up to the ground truth of that window
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        long sum = 0;
        for (JsonNode day : body.path("data")) {
            sum += day.path("tweet_count").asLong();
        }
        Instant start = NOW.minus(Duration.ofDays(7));
        Instant end = NOW.minusSeconds(10);
        long truth = emulator.groundTruthIds("kpop", start, end).size();
        assertThat(body.at("/meta/total_tweet_count").asLong())
                .isEqualTo(sum)
                .isEqualTo(truth)
                .isPositive();
        assertThat(body.path("data")).hasSize(8);
        assertThat(body.at("/data/1/start").asText()).endsWith("T00:00:00.000Z");
        assertThat(emulator.credits().spentUsd()).isEqualByComparingTo(new BigDecimal("0.005"));
    }

    @Test
    void shouldCountTheFullArchiveBeyondSevenDays() {
        // Given a window 20 days back
        Instant start = NOW.minus(Duration.ofDays(20));
        Instant end = NOW.minus(Duration.ofDays(18));

        // When
        HttpResponse<String> response = client.getPath(TweetCounts.ALL_PATH + "?query=kpop&granularity=hour"
                + "&start_time=" + encoded(start.toString()) + "&end_time=" + encoded(end.toString()));

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).at("/meta/total_tweet_count").asLong())
                .isEqualTo(emulator.groundTruthIds("kpop", start, end).size())
                .isPositive();
        assertThat(json(response).path("data")).hasSize(48);
    }

    @Test
    void shouldRefuseARecentCountOlderThanSevenDays() {
        HttpResponse<String> response = client.getPath(TweetCounts.RECENT_PATH + "?query=kpop&start_time="
                + encoded(NOW.minus(Duration.ofDays(8)).toString()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("start_time");
    }
}
