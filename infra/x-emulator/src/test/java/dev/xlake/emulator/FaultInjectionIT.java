package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static dev.xlake.emulator.SearchClient.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectionIT extends EmulatorFixture {

    static final Map<String, String> SEARCH = params("query", "kpop OR crypto", "max_results", "100");

    @Test
    void shouldFailABurstWith503ThenRecover() {
        faults.unavailable(3);

        List<Integer> statuses = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> client.get(SEARCH).statusCode())
                .toList();

        assertThat(statuses).containsExactly(503, 503, 503, 200);
        HttpResponse<String> after = client.get(SEARCH);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(emulator.requests())
                .extracting(RecordedRequest::fault)
                .containsExactly("503", "503", "503", null, null);
    }

    @Test
    void shouldSend503AsXProblemJson() {
        faults.unavailable(1);

        HttpResponse<String> response = client.get(SEARCH);

        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(json(response).path("title").asText()).isEqualTo("Service Unavailable");
        assertThat(json(response).path("status").asInt()).isEqualTo(503);
    }

    @Test
    void shouldForceA429WithTheGivenReset() {
        faults.rateLimited(1, Duration.ofSeconds(30));

        HttpResponse<String> limited = client.get(SEARCH);
        HttpResponse<String> next = client.get(SEARCH);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("title").asText()).isEqualTo("Too Many Requests");
        assertThat(limited.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("x-rate-limit-reset"))
                .hasValue(Long.toString(NOW.plusSeconds(30).getEpochSecond()));
        assertThat(next.statusCode()).isEqualTo(200);
        // the forced 429 did not use up the real window
        assertThat(next.headers().firstValue("x-rate-limit-remaining")).hasValue("449");
    }

    @Test
    void shouldSendATruncatedBodyThatIsNotJson() {
        HttpResponse<String> complete = client.get(SEARCH);
        faults.truncated(1);

        HttpResponse<String> truncated = client.get(SEARCH);

        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(truncated.body())
                .isEqualTo(complete.body().substring(0, truncated.body().length()));
        assertThat(truncated.body().length()).isLessThan(complete.body().length() * 2 / 3);
        assertThatThrownBy(() -> json(truncated)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void shouldSendAMalformedBody() {
        faults.malformed(1);

        HttpResponse<String> malformed = client.get(SEARCH);

        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).startsWith("{\"data\":[");
        assertThatThrownBy(() -> json(malformed)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void shouldDropTheConnectionHalfWayThroughTheBody() {
        faults.disconnect(1);

        assertThatThrownBy(() -> client.get(SEARCH))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(client.get(SEARCH).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDelaySlowResponsesPastAClientTimeout() {
        faults.slow(Duration.ofMillis(1500), 1);

        assertThatThrownBy(() -> client.get(SEARCH, Duration.ofMillis(300)))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        long started = System.nanoTime();
        faults.slow(Duration.ofMillis(400), 1);
        HttpResponse<String> slow = client.get(SEARCH);
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void shouldRejectTheNextPageTokenOnce() {
        JsonNode first = json(client.get(SEARCH));
        Map<String, String> next = new java.util.LinkedHashMap<>(SEARCH);
        next.put("next_token", first.at("/meta/next_token").asText());
        faults.rejectNextToken();

        HttpResponse<String> rejected = client.get(next);
        HttpResponse<String> retried = client.get(next);

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(json(rejected).at("/errors/0/parameters/next_token/0").asText())
                .isEqualTo(next.get("next_token"));
        assertThat(retried.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldInjectRandomFaultsReproducibly() {
        faults.random(0.5, 11);
        List<Integer> first = statuses(12);
        faults.random(0.5, 11);
        List<Integer> second = statuses(12);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200).anyMatch(s -> s != 200);
    }

    List<Integer> statuses(int requests) {
        return java.util.stream.IntStream.range(0, requests)
                .mapToObj(i -> {
                    try {
                        HttpResponse<String> response = client.get(SEARCH);
                        return response.statusCode() == 200 && !isJson(response) ? -200 : response.statusCode();
                    } catch (UncheckedIOException dropped) {
                        return -1;
                    }
                })
                .toList();
    }

    static boolean isJson(HttpResponse<String> response) {
        try {
            SearchClient.JSON.readTree(response.body());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
