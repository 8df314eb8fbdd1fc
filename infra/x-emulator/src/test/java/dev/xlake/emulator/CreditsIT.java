package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static dev.xlake.emulator.SearchClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's pay-per-use account: pages are charged, 402 CreditsDepleted when the credits run out. */
class CreditsIT {

    static final Map<String, String> SEARCH = params(
            "query", "kpop OR crypto", "max_results", "100", "expansions", "author_id", "user.fields", "username");

    XApiEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    XApiEmulator start(BigDecimal credits, FaultPlan faults) {
        emulator = XApiEmulator.builder()
                .seed(7)
                .bearerToken(EmulatorFixture.TOKEN)
                .clock(EmulatorClock.fixed(EmulatorFixture.NOW))
                .faults(faults)
                .creditsUsd(credits)
                .start();
        return emulator;
    }

    @Test
    void shouldChargeEachPageForItsPostsAndUsersAndAnswer402OnceTheCreditsAreGone() {
        // Given $1 of credits: one page of 100 posts and their authors costs more than that
        start(BigDecimal.ONE, FaultPlan.none());
        SearchClient client = new SearchClient(emulator.baseUrl(), EmulatorFixture.TOKEN);

        // When
        HttpResponse<String> first = client.get(SEARCH);
        HttpResponse<String> second = client.get(SEARCH);

        // Then the first page is served and charged in full, the next request is refused
        assertThat(first.statusCode()).isEqualTo(200);
        long posts = json(first).path("data").size();
        long users = json(first).path("includes").path("users").size();
        BigDecimal cost = new BigDecimal("0.005")
                .multiply(BigDecimal.valueOf(posts))
                .add(new BigDecimal("0.010").multiply(BigDecimal.valueOf(users)));
        assertThat(emulator.credits().spentUsd()).isEqualByComparingTo(cost).isGreaterThan(BigDecimal.ONE);
        assertThat(second.statusCode()).isEqualTo(402);
        assertThat(json(second).path("title").asText()).isEqualTo("CreditsDepleted");
        assertThat(second.headers().firstValue("content-type")).hasValue("application/problem+json");

        // When credits are added
        emulator.credits().add(BigDecimal.TEN);

        // Then requests are served again
        assertThat(client.get(SEARCH).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldInject402FromTheFaultSpec() {
        start(null, FaultPlan.parse("402x2"));
        SearchClient client = new SearchClient(emulator.baseUrl(), EmulatorFixture.TOKEN);

        assertThat(client.get(SEARCH).statusCode()).isEqualTo(402);
        assertThat(client.get(SEARCH).statusCode()).isEqualTo(402);
        assertThat(client.get(SEARCH).statusCode()).isEqualTo(200);
        assertThat(emulator.requests()).extracting(RecordedRequest::fault).startsWith("credits_depleted");
    }
}
