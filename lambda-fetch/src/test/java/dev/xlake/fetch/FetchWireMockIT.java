package dev.xlake.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.xlake.testing.RealPages.realPage;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.xlake.config.BearerToken;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.xapi.HttpXApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real captured X page through the real HTTP client: 429, then the page, stored byte for byte. */
class FetchWireMockIT {

    static final String PATH = "/2/tweets/search/recent";
    static final Instant NOW = Instant.parse("2021-09-22T16:00:00Z");

    final WireMockServer x = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    final FakeTime time = new FakeTime(NOW);
    final InMemoryObjectStore store = new InMemoryObjectStore("lake");
    final RawLakeReader lake = new RawLakeReader(store, store::keys);

    @BeforeEach
    void start() {
        x.start();
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    @Test
    void shouldWaitOutA429ThenStoreARealPageWithPartialErrorsAsIs() throws Exception {
        // Given X answers 429 (reset in 20 s), then a real page with a 200-level errors array and a
        // next_token, then an empty last page
        byte[] realPage = realPage("kpop-recent-search-page.json");
        long reset = NOW.plusSeconds(20).getEpochSecond();
        x.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("next_token", absent())
                .inScenario("rate limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-rate-limit-limit", "450")
                        .withHeader("x-rate-limit-remaining", "0")
                        .withHeader("x-rate-limit-reset", Long.toString(reset))
                        .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\","
                                + "\"type\":\"about:blank\",\"status\":429}"))
                .willSetStateTo("reset"));
        x.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("next_token", absent())
                .inScenario("rate limit")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("x-rate-limit-limit", "450")
                        .withHeader("x-rate-limit-remaining", "449")
                        .withHeader("x-rate-limit-reset", Long.toString(reset + 900))
                        .withBody(realPage)));
        x.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("next_token", equalTo("b26v89c19zqg8o3fpds60ssjlg8rrux0bxoa7beulbhbx"))
                .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));
        FetchConfig config = TestFetchConfig.of(new QuerySpec("kpop", "#kpop"))
                .with(EnvNames.X_BEARER_TOKEN, "tok")
                .with(EnvNames.X_API_BASE_URL, x.baseUrl())
                .with(EnvNames.PAGE_SIZE, 100)
                .with(EnvNames.MAX_PAGES, 10)
                .with(EnvNames.HTTP_TIMEOUT_SECONDS, 5)
                .with(EnvNames.MAX_RETRIES, 2)
                .build();
        FetchService service = new FetchService(
                config,
                new HttpXApiClient(config.xApiBaseUrl(), BearerToken.of("tok", "test"), config.httpTimeout()),
                store,
                time,
                time,
                new Random(1),
                at -> RunIds.format(at, 1));

        // When
        QuerySummary summary = service.runOnce(TimeBudget.from(time, Duration.ofMinutes(5)))
                .queries()
                .get(0);

        // Then it slept until the reset, stored the page's exact bytes and completed
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(21));
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        Manifest manifest = lake.manifests("kpop").get(0);
        PageEntry page = manifest.pages().get(0);
        assertThat(manifest.pageCount()).isEqualTo(1);
        assertThat(manifest.tweetCount()).isEqualTo(100);
        assertThat(page.newestId()).isEqualTo("1440717170493689866");
        assertThat(page.oldestId()).isEqualTo("1440715923816546309");
        assertThat(page.rateLimit()).isEqualTo(new RateLimit(450L, 449L, reset + 900));
        assertThat(lake.pageBody(page.key())).isEqualTo(realPage);
        assertThat(lake.checkpoint("kpop").sinceId()).isEqualTo("1440717170493689866");
    }
}
