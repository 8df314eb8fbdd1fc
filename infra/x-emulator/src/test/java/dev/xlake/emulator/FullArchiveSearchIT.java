package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static dev.xlake.emulator.SearchClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code GET /2/tweets/search/all}: any window before now, 500 a page, 1 request per second, faults. */
class FullArchiveSearchIT extends EmulatorFixture {

    static final Instant START = NOW.minus(Duration.ofDays(20));
    static final Instant END = NOW.minus(Duration.ofDays(19));

    private HttpResponse<String> searchAll(Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
        return client.getPath(XApiEmulator.FULL_ARCHIVE_PATH + "?" + query);
    }

    private Map<String, String> window(String... more) {
        Map<String, String> p = params(
                "query", "kpop", "max_results", "500", "start_time", START.toString(), "end_time", END.toString());
        p.putAll(params(more));
        return p;
    }

    @Test
    void shouldPageThroughTweetsOlderThanSevenDaysExactlyOnceAtOneRequestPerSecond() {
        // Given a window 19-20 days ago, outside recent search's 7 days
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        // When paging with 500 a page, one request per emulated second
        do {
            HttpResponse<String> page = searchAll(token == null ? window() : window("next_token", token));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            body.path("data").forEach(t -> ids.add(t.path("id").asText()));
            assertThat(body.path("data").size()).isLessThanOrEqualTo(500);
            token = body.path("meta").path("next_token").isMissingNode()
                    ? null
                    : body.path("meta").path("next_token").asText();
            pages++;
            clock.advance(Duration.ofSeconds(1));
        } while (token != null);

        // Then every matching tweet of the window came once, newest first, over several pages
        SortedSet<String> truth = emulator.groundTruthIds("kpop", START, END);
        assertThat(pages).isGreaterThan(1);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(ids)).isEqualTo(new TreeSet<>(truth));
    }

    @Test
    void shouldAnswer429ToASecondRequestWithinOneSecond() {
        HttpResponse<String> first = searchAll(window());
        HttpResponse<String> second = searchAll(window());
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> third = searchAll(window());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-rate-limit-limit")).hasValue("300");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(Long.parseLong(
                        second.headers().firstValue("x-rate-limit-reset").orElseThrow()))
                .isEqualTo(NOW.plusSeconds(1).getEpochSecond());
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepRecentSearchRulesApartFromTheFullArchive() {
        // 500 a page and old start_time are full-archive only; recent search still refuses both
        assertThat(client.get(window()).statusCode()).isEqualTo(400);
        HttpResponse<String> first = searchAll(window("max_results", "501"));
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(json(first).path("errors").get(0).path("parameters").has("max_results"))
                .isTrue();
    }

    @Test
    void shouldInjectFaultsOnTheFullArchiveAsOnRecentSearch() {
        faults.unavailable(1).add(FaultPlan.Fault.of(FaultPlan.Kind.CREDITS_DEPLETED), 1);

        HttpResponse<String> unavailable = searchAll(window());
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> depleted = searchAll(window());

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(depleted.statusCode()).isEqualTo(402);
        assertThat(json(depleted).path("title").asText()).isEqualTo("CreditsDepleted");
    }
}
