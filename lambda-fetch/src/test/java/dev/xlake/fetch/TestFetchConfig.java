package dev.xlake.fetch;

import dev.xlake.config.BearerToken;
import dev.xlake.config.BearerTokenSource;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.config.SpendSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A {@link FetchConfig} for tests: what most of them leave alone is set here once (bucket {@code
 * lake}, X at an address that never answers, 10-tweet pages, 100 pages, 15 s margin, 10 s
 * timeout, 3 retries, the default query wait, no spend limit); a test sets what it is about.
 */
final class TestFetchConfig {

    private String bucket = "lake";
    private final List<QuerySpec> queries;
    private String token = "test-token";
    private URI xApiBaseUrl = URI.create("http://x.invalid");
    private int pageSize = 10;
    private int maxPages = 100;
    private Duration httpTimeout = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private Duration maxQueryWait = FetchConfig.DEFAULT_MAX_QUERY_WAIT;
    private SpendSettings spend = SpendSettings.UNLIMITED;

    private TestFetchConfig(List<QuerySpec> queries) {
        this.queries = List.copyOf(queries);
    }

    static TestFetchConfig of(QuerySpec... queries) {
        return new TestFetchConfig(List.of(queries));
    }

    static TestFetchConfig of(List<QuerySpec> queries) {
        return new TestFetchConfig(queries);
    }

    TestFetchConfig bucket(String bucket) {
        this.bucket = bucket;
        return this;
    }

    /** The bearer token's value (given as {@code XLAKE_X_BEARER_TOKEN} would give it). */
    TestFetchConfig token(String token) {
        this.token = token;
        return this;
    }

    TestFetchConfig xApi(String baseUrl) {
        this.xApiBaseUrl = URI.create(baseUrl);
        return this;
    }

    TestFetchConfig pageSize(int pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    TestFetchConfig maxPages(int maxPages) {
        this.maxPages = maxPages;
        return this;
    }

    TestFetchConfig httpTimeout(Duration httpTimeout) {
        this.httpTimeout = httpTimeout;
        return this;
    }

    TestFetchConfig maxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    TestFetchConfig maxQueryWait(Duration maxQueryWait) {
        this.maxQueryWait = maxQueryWait;
        return this;
    }

    TestFetchConfig spend(SpendSettings spend) {
        this.spend = spend;
        return this;
    }

    FetchConfig build() {
        return new FetchConfig(
                bucket,
                queries,
                new BearerTokenSource.Value(BearerToken.of(token, "test")),
                xApiBaseUrl,
                pageSize,
                maxPages,
                Duration.ofSeconds(15),
                httpTimeout,
                maxRetries,
                maxQueryWait,
                spend);
    }
}
