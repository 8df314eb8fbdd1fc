package dev.xlake.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.xlake.common.Json;
import dev.xlake.config.BearerToken;
import dev.xlake.config.BearerTokenResolver;
import dev.xlake.config.FetchConfig;
import dev.xlake.s3.S3Clients;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Scheduled Lambda: one fetch tick over the configured queries. Wiring only; the work is in
 * {@link FetchService}. The invocation fails (so the schedule's metrics and alarms see it) if
 * any query failed, after all queries have run.
 */
public final class FetchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(FetchHandler.class);

    private final FetchService service;

    /** Lambda runtime: configuration from the environment, real clients built once per container. */
    public FetchHandler() {
        this(fromEnvironment(System.getenv()));
    }

    /** Tests and embedders. */
    public FetchHandler(FetchService service) {
        this.service = service;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        MDC.put("aws_request_id", context.getAwsRequestId());
        try {
            InvocationSummary summary = service.runOnce(
                    TimeBudget.lambda(context::getRemainingTimeInMillis, service.config().safetyMargin()));
            LOG.info("{}", Json.toLine(summary));
            if (summary.anyFailed()) {
                throw new FetchFailedException("Cannot complete fetch: queries failed: "
                        + String.join(", ", summary.failedQueryNames()));
            }
            return Json.MAPPER.convertValue(summary, new TypeReference<Map<String, Object>>() { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException("Cannot complete fetch: interrupted");
        } finally {
            MDC.remove("aws_request_id");
        }
    }

    static FetchService fromEnvironment(Map<String, String> env) {
        FetchConfig config = FetchConfig.fromEnv(env);
        BearerToken token = BearerTokenResolver.resolve(config.bearerTokenSource(), FetchHandler::readSecret);
        return FetchService.create(config, token, S3Clients.fromEnv(env));
    }

    private static String readSecret(String secretId) {
        // Built only when a secret is configured, used once at initialisation, then closed.
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            return secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        }
    }

    /** The invocation's outcome when at least one query failed. */
    public static final class FetchFailedException extends RuntimeException {
        public FetchFailedException(String message) {
            super(message);
        }
    }
}
