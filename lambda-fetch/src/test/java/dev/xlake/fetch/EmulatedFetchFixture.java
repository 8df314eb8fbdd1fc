package dev.xlake.fetch;

import dev.xlake.config.BearerToken;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.time.Sleeper;
import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.ObjectStore;
import dev.xlake.xapi.HttpXApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Base of the fetch ITs against the X API emulator ({@link EmulatedX}) and an S3 endpoint: before
 * each test the emulator starts on a clock fixed at {@link #NOW}, and a new bucket is written
 * through the Lambda's own S3 client and read back as a raw lake; after it the emulator closes.
 * The services the tests build wait by moving the clock ({@link #sleeper}) and number their runs
 * ({@link #runIds}).
 */
abstract class EmulatedFetchFixture {

    static final Instant NOW = Instant.parse("2026-11-25T20:15:00Z");
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The S3 endpoint under test, with the Lambda's client. */
    final LocalS3 localS3;

    /** The emulator each test starts, seen by {@link #startEmulator} first. */
    private final XApiEmulator.Builder emulatorToStart;

    /** Fixed at {@link #NOW} when a test starts (JUnit makes a test instance per test). */
    final EmulatorClock clock = EmulatorClock.fixed(NOW);

    XApiEmulator emulator;
    S3Client s3;
    /** A new bucket for each test. */
    final String bucket;
    /** What the function writes and reads through (held to its role in {@code FetchAsItsRoleIT}). */
    ObjectStore store;

    RawLakeReader lake;
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicInteger runs = new AtomicInteger();

    /**
     * @param token        the bearer token the emulator accepts
     * @param bucketPrefix starts the test's bucket name, then numbered
     */
    EmulatedFetchFixture(LocalS3 localS3, String token, String bucketPrefix) {
        this.localS3 = localS3;
        emulatorToStart = EmulatedX.emulator(clock, token);
        bucket = bucketPrefix + BUCKETS.incrementAndGet();
    }

    @BeforeEach
    final void startEmulatorAndBucket() {
        emulator = startEmulator(emulatorToStart);
        s3 = localS3.client();
        store = localS3.storeIn(bucket);
        lake = new RawLakeReader(store, lister(bucket));
    }

    /** Starts the emulator each test begins with; a test class may configure {@code builder} first. */
    XApiEmulator startEmulator(XApiEmulator.Builder builder) {
        return builder.start();
    }

    @AfterEach
    final void stopEmulator() {
        emulator.close();
    }

    Function<String, List<String>> lister(String bucket) {
        return RawLakeReader.lister(s3, bucket);
    }

    /** The configuration of a service on the emulator, into the test's bucket, 5 s per X request. */
    TestFetchConfig config(String bearerToken, int pageSize, QuerySpec... queries) {
        return TestFetchConfig.of(queries)
                .with(EnvNames.BUCKET, bucket)
                .with(EnvNames.X_BEARER_TOKEN, bearerToken)
                .with(EnvNames.X_API_BASE_URL, emulator.baseUrl())
                .with(EnvNames.PAGE_SIZE, pageSize)
                .with(EnvNames.HTTP_TIMEOUT_SECONDS, 5);
    }

    /** The Lambda's X client as {@code config} sets it up, sending {@code bearerToken}. */
    static HttpXApiClient client(FetchConfig config, String bearerToken) {
        return new HttpXApiClient(config.xApiBaseUrl(), BearerToken.of(bearerToken, "test"), config.httpTimeout());
    }

    /** Waits that move the clock, each recorded in {@link #sleeps}. */
    Sleeper sleeper() {
        return EmulatedX.advancing(clock, sleeps);
    }

    /** Run ids numbered in the order the services start runs. */
    RunIds.Factory runIds() {
        return at -> RunIds.format(at, runs.incrementAndGet());
    }
}
