package dev.xlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.config.EnvNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FetchConfigTest {

    static final String TOKEN = "AAAA-test-token-value";

    static Map<String, String> minimal() {
        return new HashMap<>(Map.of(
                EnvNames.BUCKET,
                "lake",
                EnvNames.QUERIES,
                "[{\"name\":\"kpop\",\"query\":\"#kpop\"},{\"name\":\"news-2\",\"query\":\"news\"}]",
                EnvNames.X_BEARER_SECRET_ID,
                "xlake/x-bearer"));
    }

    @Test
    void shouldApplyDefaults() {
        FetchConfig config = FetchConfig.fromEnv(minimal());

        assertThat(config.bucket()).isEqualTo("lake");
        assertThat(config.queries()).containsExactly(new QuerySpec("kpop", "#kpop"), new QuerySpec("news-2", "news"));
        assertThat(config.bearerTokenSource()).isEqualTo(new BearerTokenSource.SecretsManager("xlake/x-bearer"));
        assertThat(config.xApiBaseUrl()).isEqualTo(URI.create("https://api.x.com"));
        assertThat(config.pageSize()).isEqualTo(100);
        assertThat(config.maxPages()).isEqualTo(50);
        assertThat(config.safetyMargin()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.maxRetries()).isEqualTo(4);
        assertThat(config.maxQueryWait()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void shouldReadBudgetsPricesAndPerQueryCostKnobs() {
        Map<String, String> env = minimal();
        env.put(
                EnvNames.QUERIES,
                "[{\"name\":\"kpop\",\"query\":\"#kpop\",\"daily_budget_usd\":2.5,\"max_results\":20,"
                        + "\"expand_users\":false},{\"name\":\"news\",\"query\":\"news\"}]");
        env.put(EnvNames.DAILY_BUDGET_USD, "10");
        env.put(EnvNames.MONTHLY_BUDGET_USD, "250.00");
        env.put(EnvNames.PRICE_USER_READ_USD, "0.02");
        env.put(EnvNames.PRICES_AS_OF, "2027-01-01");

        FetchConfig config = FetchConfig.fromEnv(env);

        assertThat(config.queries().get(0))
                .isEqualTo(new QuerySpec("kpop", "#kpop", new java.math.BigDecimal("2.5"), 20, false));
        assertThat(config.queries().get(1)).isEqualTo(new QuerySpec("news", "news"));
        assertThat(config.pageSizeOf(config.queries().get(0))).isEqualTo(20);
        assertThat(config.pageSizeOf(config.queries().get(1))).isEqualTo(100);
        assertThat(config.spend().dailyBudgetUsd()).isEqualByComparingTo("10");
        assertThat(config.spend().monthlyBudgetUsd()).isEqualByComparingTo("250");
        assertThat(config.spend().prices().postReadUsd()).isEqualByComparingTo("0.005");
        assertThat(config.spend().prices().userReadUsd()).isEqualByComparingTo("0.02");
        assertThat(config.spend().prices().asOf()).isEqualTo("2027-01-01");
    }

    @Test
    void shouldDefaultToTodaysPricesAndNoBudget() {
        FetchConfig config = FetchConfig.fromEnv(minimal());

        assertThat(config.spend()).isEqualTo(SpendSettings.UNLIMITED);
    }

    @Test
    void shouldNameBadBudgetsAndKnobs() {
        Map<String, String> env = minimal();
        env.put(EnvNames.DAILY_BUDGET_USD, "ten");
        env.put(EnvNames.PRICES_AS_OF, "yesterday");
        env.put(EnvNames.QUERIES, "[{\"name\":\"kpop\",\"query\":\"#kpop\",\"max_results\":500}]");

        assertThatThrownBy(() -> FetchConfig.fromEnv(env))
                .hasMessageContaining(EnvNames.DAILY_BUDGET_USD + ": must be an amount of US dollars")
                .hasMessageContaining(EnvNames.PRICES_AS_OF + ": must be an ISO date")
                .hasMessageContaining(EnvNames.QUERIES + "[0].max_results: must be an integer 10-100, got 500");
    }

    @Test
    void shouldReadEveryOverride() {
        Map<String, String> env = minimal();
        env.remove(EnvNames.X_BEARER_SECRET_ID);
        env.putAll(Map.of(
                EnvNames.X_BEARER_TOKEN, TOKEN,
                EnvNames.X_API_BASE_URL, "http://127.0.0.1:8080/",
                EnvNames.PAGE_SIZE, "10",
                EnvNames.MAX_PAGES, "3",
                EnvNames.SAFETY_MARGIN_SECONDS, "5",
                EnvNames.HTTP_TIMEOUT_SECONDS, "7",
                EnvNames.MAX_RETRIES, "0"));

        FetchConfig config = FetchConfig.fromEnv(env);

        assertThat(config.bearerTokenSource()).isEqualTo(new BearerTokenSource.Value(BearerToken.of(TOKEN, "t")));
        assertThat(config.xApiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(List.of(config.pageSize(), config.maxPages(), config.maxRetries()))
                .containsExactly(10, 3, 0);
        assertThat(config.safetyMargin()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badVariables")
    void shouldNameTheBadVariable(String variable, String value, String message) {
        Map<String, String> env = with(variable, value);
        assertThatThrownBy(() -> FetchConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> badVariables() {
        String tooLongName = "a".repeat(65);
        String tooLongQuery = "q".repeat(513);
        return Stream.of(
                Arguments.of(EnvNames.BUCKET, null, "XLAKE_BUCKET: required but not set"),
                queries("[]", "XLAKE_QUERIES: must be a non-empty JSON array"),
                queries("{", "XLAKE_QUERIES: not valid JSON"),
                queries(
                        "[{\"name\":\"K-Pop\",\"query\":\"x\"}]",
                        "XLAKE_QUERIES[0].name: Cannot use query name 'K-Pop': it must match [a-z0-9-]{1,64}"),
                queries(
                        "[{\"name\":\"" + tooLongName + "\",\"query\":\"x\"}]",
                        "XLAKE_QUERIES[0].name: Cannot use query name"),
                queries(
                        "[{\"name\":\"a\",\"query\":\"" + tooLongQuery + "\"}]",
                        "XLAKE_QUERIES[0].query: Cannot use query text of 'a': it must be 1-512 characters, got 513"),
                queries("[{\"name\":\"a\",\"query\":\"\"}]", "XLAKE_QUERIES[0].query: Cannot use query text"),
                queries(
                        "[{\"name\":\"a\",\"query\":\"x\"},{\"name\":\"a\",\"query\":\"y\"}]",
                        "XLAKE_QUERIES[1].name: duplicate query name 'a'"),
                queries("[{\"name\":\"a\"}]", "XLAKE_QUERIES[0].query: missing"),
                Arguments.of(EnvNames.PAGE_SIZE, "9", "XLAKE_PAGE_SIZE: must be 10-100, got 9"),
                Arguments.of(EnvNames.PAGE_SIZE, "101", "XLAKE_PAGE_SIZE: must be 10-100, got 101"),
                Arguments.of(EnvNames.PAGE_SIZE, "ten", "XLAKE_PAGE_SIZE: must be an integer, got 'ten'"),
                Arguments.of(EnvNames.MAX_PAGES, "0", "XLAKE_MAX_PAGES: must be 1-100000, got 0"),
                Arguments.of(
                        EnvNames.MAX_QUERY_WAIT,
                        "24h",
                        "XLAKE_MAX_QUERY_WAIT: not an ISO-8601 duration (e.g. PT20M): 24h"),
                Arguments.of(
                        EnvNames.MAX_QUERY_WAIT,
                        "P7D",
                        "XLAKE_MAX_QUERY_WAIT: must be positive and under X's 7-day window (PT168H), got PT168H"),
                Arguments.of(EnvNames.MAX_QUERY_WAIT, "PT0S", "XLAKE_MAX_QUERY_WAIT: must be positive"),
                Arguments.of(EnvNames.X_API_BASE_URL, "ftp://x", "XLAKE_X_API_BASE_URL: must be an http(s) URL"));
    }

    private static Arguments queries(String json, String message) {
        return Arguments.of(EnvNames.QUERIES, json, message);
    }

    @Test
    void shouldAcceptAMaxQueryWaitUnderXsWindow() {
        assertThat(FetchConfig.fromEnv(with(EnvNames.MAX_QUERY_WAIT, "PT6H")).maxQueryWait())
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldReportEveryBadVariableAtOnce() {
        Map<String, String> env = minimal();
        env.remove(EnvNames.BUCKET);
        env.put(EnvNames.PAGE_SIZE, "101");
        env.put(EnvNames.X_API_BASE_URL, "ftp://x");

        assertThatThrownBy(() -> FetchConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot configure fetch: XLAKE_BUCKET: required but not set; "
                        + "XLAKE_X_API_BASE_URL: must be an http(s) URL, got 'ftp://x'; "
                        + "XLAKE_PAGE_SIZE: must be 10-100, got 101");
    }

    @Test
    void shouldRequireExactlyOneTokenSource() {
        Map<String, String> none = minimal();
        none.remove(EnvNames.X_BEARER_SECRET_ID);
        Map<String, String> two = minimal();
        two.put(EnvNames.X_BEARER_TOKEN, TOKEN);

        assertThatThrownBy(() -> FetchConfig.fromEnv(none))
                .hasMessageContaining("set exactly one of "
                        + "XLAKE_X_BEARER_SECRET_ID, X_BEARER_TOKEN, XLAKE_X_BEARER_TOKEN_FILE (0 set)");
        assertThatThrownBy(() -> FetchConfig.fromEnv(two))
                .hasMessageContaining("(2 set)")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldResolveTheTokenFromEachSourceWithoutEverPrintingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");

        BearerToken fromFile = BearerTokenResolver.resolve(new BearerTokenSource.File(file), id -> null);
        BearerToken fromPlainSecret = BearerTokenResolver.resolve(
                new BearerTokenSource.SecretsManager("s"), id -> id.equals("s") ? TOKEN : null);
        BearerToken fromJsonSecret = BearerTokenResolver.resolve(
                new BearerTokenSource.SecretsManager("s"), id -> "{\"bearer_token\":\"" + TOKEN + "\"}");

        assertThat(List.of(fromFile, fromPlainSecret, fromJsonSecret))
                .extracting(BearerToken::reveal)
                .containsOnly(TOKEN);
        assertThat(fromFile.toString()).isEqualTo("BearerToken[***]");
        assertThat(new BearerTokenSource.Value(fromFile).toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> BearerTokenResolver.resolve(
                        new BearerTokenSource.SecretsManager("s"), id -> "{\"token\":\"" + TOKEN + "\"}"))
                .hasMessage("Cannot use X bearer token from secret s: JSON secret has no string field bearer_token");
        assertThatThrownBy(
                        () -> BearerTokenResolver.resolve(new BearerTokenSource.SecretsManager("s"), id -> "{" + TOKEN))
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> BearerToken.of("two words", "X_BEARER_TOKEN"))
                .hasMessage("Cannot use X bearer token from X_BEARER_TOKEN: it contains whitespace");
    }

    private static Map<String, String> with(String variable, String value) {
        Map<String, String> env = minimal();
        if (value == null) {
            env.remove(variable);
        } else {
            env.put(variable, value);
        }
        return env;
    }
}
