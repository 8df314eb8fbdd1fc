package dev.xlake.cli.local;

import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code xlake local} can be told.
 *
 * @param start the emulator's clock on the first run into a fresh data directory
 * @param xApiUrl the real X API (or another server) instead of the emulator
 * @param s3Endpoint an S3-compatible server instead of the embedded one
 * @param environment where {@code X_BEARER_TOKEN} and the AWS variables are read from
 */
public record LocalSettings(
        Path dataDir,
        int ticks,
        Duration tickInterval,
        List<QuerySpec> queries,
        Optional<URI> xApiUrl,
        Optional<URI> s3Endpoint,
        LocalFaults faults,
        String bucket,
        long seed,
        double tweetsPerMinute,
        int maxPages,
        Instant start,
        Map<String, String> environment) {

    /** Three of the emulator's topics, written as one would for X. */
    public static final List<QuerySpec> DEFAULT_QUERIES = List.of(
            new QuerySpec("kpop", "#kpop OR #BTS OR #BLACKPINK"),
            new QuerySpec("crypto", "(#Bitcoin OR $BTC) -is:retweet"),
            new QuerySpec("football", "(#PremierLeague OR #UCL OR #LaLiga) lang:en"));

    public static final String DEFAULT_BUCKET = "xlake";
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_TWEETS_PER_MINUTE = 12;

    public LocalSettings {
        queries = queries.isEmpty() ? DEFAULT_QUERIES : List.copyOf(queries);
        if (ticks < 1 || ticks > 1000) {
            throw new IllegalArgumentException("Cannot run " + ticks + " ticks: must be 1-1000");
        }
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("Cannot use tick interval " + tickInterval + ": must be positive");
        }
        String token = environment.get(EnvNames.X_BEARER_TOKEN);
        if (xApiUrl.isPresent() && (token == null || token.isBlank())) {
            throw new IllegalArgumentException(
                    "Cannot use the X API at " + xApiUrl.get() + ": set " + EnvNames.X_BEARER_TOKEN);
        }
    }

    boolean emulated() {
        return xApiUrl.isEmpty();
    }
}
