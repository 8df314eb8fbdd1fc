package dev.xlake.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.xlake.config.BearerTokenResolver;
import dev.xlake.config.FetchConfig;
import dev.xlake.core.json.Json;
import dev.xlake.s3.S3Clients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scheduled Lambda: one fetch tick over the configured queries. Wiring only; the work is in
 * {@link FetchService}. The invocation fails (so the schedule's metrics and alarms see it) if
 * any query or continued backfill failed (402 included), after all have run and their work is
 * stored.
 *
 * <p>Configuration and the S3 client are built at initialisation (so a bad variable fails the
 * container at once), but the bearer token is read from Secrets Manager on the first invocation:
 * with SnapStart, initialisation runs when a version is published, and the token must neither be
 * required to exist then nor be frozen into the snapshot.
 */
public final class FetchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(FetchHandler.class);
    /** Embedded-metric-format lines: log4j2.xml writes them bare, as CloudWatch needs them. */
    static final Logger METRICS = LoggerFactory.getLogger("xlake.metrics");

    private final Supplier<FetchService> service;

    /** Lambda runtime: configuration from the environment, real clients built once per container. */
    public FetchHandler() {
        this(fromEnvironment(System.getenv(), BearerTokenResolver::readSecretsManager));
    }

    /** Tests and embedders. */
    public FetchHandler(FetchService service) {
        this(() -> service);
    }

    private FetchHandler(Supplier<FetchService> service) {
        this.service = service;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        MDC.put("aws_request_id", context.getAwsRequestId());
        try {
            FetchService fetch = service.get();
            InvocationSummary summary = fetch.runOnce(TimeBudget.lambda(
                    context::getRemainingTimeInMillis, fetch.config().safetyMargin()));
            LOG.info("{}", Json.toLine(summary));
            METRICS.info("{}", QueryWaitMetrics.emf(summary, context.getFunctionName()));
            SpendMetrics.emf(summary, context.getFunctionName()).forEach(line -> METRICS.info("{}", line));
            if (summary.creditsDepleted()) {
                throw new FetchFailedException("Cannot complete fetch: X answered 402 CreditsDepleted; add credits or"
                        + " raise the spending limit in the X Developer Console (checkpoints kept, the next tick"
                        + " resumes)");
            }
            if (summary.anyFailed()) {
                List<String> failed = new ArrayList<>();
                if (!summary.failedQueryNames().isEmpty()) {
                    failed.add("queries failed: " + String.join(", ", summary.failedQueryNames()));
                }
                if (!summary.failedBackfillNames().isEmpty()) {
                    failed.add("backfills failed: " + String.join(", ", summary.failedBackfillNames()));
                }
                throw new FetchFailedException("Cannot complete fetch: " + String.join("; ", failed));
            }
            return Json.MAPPER.convertValue(summary, new TypeReference<Map<String, Object>>() {});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException("Cannot complete fetch: interrupted");
        } finally {
            MDC.remove("aws_request_id");
        }
    }

    /**
     * Validates the configuration and builds the S3 client now; resolves the token and builds the
     * service on the first {@code get()} (then keeps it for the container's life).
     */
    static Supplier<FetchService> fromEnvironment(Map<String, String> env, UnaryOperator<String> secretReader) {
        FetchConfig config = FetchConfig.fromEnv(env);
        S3Client s3 = S3Clients.fromEnv(env);
        return BearerTokenResolver.onFirstUse(
                config.bearerTokenSource(), secretReader, token -> FetchService.create(config, token, s3));
    }

    /** The invocation's outcome when at least one query failed. */
    public static final class FetchFailedException extends RuntimeException {
        public FetchFailedException(String message) {
            super(message);
        }
    }
}
