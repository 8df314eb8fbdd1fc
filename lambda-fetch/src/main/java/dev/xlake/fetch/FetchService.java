package dev.xlake.fetch;

import dev.xlake.checkpoint.CheckpointStore;
import dev.xlake.config.BearerToken;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.time.Sleeper;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.xapi.HttpXApiClient;
import dev.xlake.xapi.XApiClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One fetch tick over all configured queries: the code path of the Lambda and of
 * {@code xlake fetch}. Queries are independent: a failing one is reported in its summary and
 * does not stop the others.
 */
public final class FetchService {

    private static final Logger LOG = LoggerFactory.getLogger(FetchService.class);

    private final FetchConfig config;
    private final QueryFetcher fetcher;
    private final InstantSource clock;

    /** For tests and embedders: every collaborator injected. */
    public FetchService(
            FetchConfig config,
            XApiClient x,
            ObjectStore store,
            InstantSource clock,
            Sleeper sleeper,
            RandomGenerator random,
            RunIds.Factory runIds) {
        this.config = config;
        this.clock = clock;
        this.fetcher = new QueryFetcher(
                new CheckpointStore(store),
                new RawPageStore(store),
                () -> new SearchCaller(x, clock, sleeper, random, config.maxRetries(), config.httpTimeout()),
                clock,
                runIds,
                config.pageSize(),
                config.maxPages());
    }

    /** Real clients: the JDK HTTP client for X, the given S3 client, system clock, real sleeping. */
    public static FetchService create(FetchConfig config, BearerToken token, S3Client s3) {
        RandomGenerator random = new SecureRandom();
        return new FetchService(
                config,
                new HttpXApiClient(config.xApiBaseUrl(), token, config.httpTimeout()),
                new S3ObjectStore(s3, config.bucket()),
                Clock.systemUTC(),
                Sleeper.REAL,
                random,
                RunIds.random(random));
    }

    public FetchConfig config() {
        return config;
    }

    /**
     * Fetches every configured query once, sequentially, within {@code budget}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; the checkpoint
     *     then reflects every page stored so far
     */
    public InvocationSummary runOnce(TimeBudget budget) throws InterruptedException {
        String startedAt = Timestamps.iso(clock.instant());
        List<QuerySummary> summaries = new ArrayList<>();
        for (QuerySpec spec : config.queries()) {
            // Failures are logged here because the invocation only reports query names at the end.
            try {
                QuerySummary summary = fetcher.fetch(spec, budget);
                if (!summary.ok()) {
                    LOG.error("{}", summary.error());
                }
                summaries.add(summary);
            } catch (RuntimeException e) {
                LOG.error("Query {} failed", spec.name(), e);
                summaries.add(QuerySummary.failed(spec.name(), "Cannot fetch query " + spec.name() + ": " + e));
            }
        }
        return new InvocationSummary(startedAt, Timestamps.iso(clock.instant()), summaries);
    }
}
