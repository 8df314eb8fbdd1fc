package dev.xlake.compliance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.compliance.pass.CompliancePassMachine;
import dev.xlake.compliance.pass.LambdaApplyRequester;
import dev.xlake.config.BearerTokenResolver;
import dev.xlake.config.ComplianceConfig;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.core.json.Json;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The compliance function (docs/compliance.md "How it runs on AWS"), a second handler in the fetch
 * jar: every 5 minutes EventBridge Scheduler invokes it and it advances the open compliance pass
 * ({@link CompliancePassMachine}). Wiring only.
 *
 * <p>As in {@code FetchHandler}, configuration and clients are built at initialisation and the
 * bearer token is read from Secrets Manager on the first invocation (not frozen into a SnapStart
 * snapshot). The invocation fails when X refuses or cannot be reached, so the function's Errors
 * metric shows it; the pass state is kept and the next invocation retries. A pass that ends
 * failed, and one seen applied, are embedded-metric counts the stack alarms on.
 */
public final class ComplianceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceHandler.class);
    /** Embedded-metric-format lines: log4j2.xml writes them bare, as CloudWatch needs them. */
    static final Logger METRICS = LoggerFactory.getLogger("xlake.metrics");
    /**
     * No step starts with less than this left: a step is at most one create and one upload (up to
     * 120 MB), or one download, each within the HTTP timeout, plus a few S3 calls.
     */
    static final Duration STEP_RESERVE = Duration.ofSeconds(60);

    private final Supplier<CompliancePassMachine> machine;
    private final InstantSource clock;

    /** Lambda runtime: configuration from the environment, clients built once per container. */
    public ComplianceHandler() {
        this(fromEnvironment(System.getenv(), BearerTokenResolver::readSecretsManager), InstantSource.system());
    }

    /** Tests. */
    public ComplianceHandler(Supplier<CompliancePassMachine> machine, InstantSource clock) {
        this.machine = machine;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        MDC.put("aws_request_id", context.getAwsRequestId());
        try {
            Instant deadline = clock.instant()
                    .plusMillis(context.getRemainingTimeInMillis())
                    .minus(STEP_RESERVE);
            CompliancePassMachine.Report report = machine.get().advance(deadline);
            LOG.info("{}", Json.toLine(report));
            if (report.endedFailed() || report.endedApplied()) {
                METRICS.info("{}", emf(report, clock.instant(), context.getFunctionName()));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("pass", report.passId());
            answer.put("state", report.state());
            answer.put("steps", report.steps());
            return answer;
        } catch (IOException e) {
            throw new ComplianceException("Cannot advance the compliance pass: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComplianceException("Cannot advance the compliance pass: interrupted", e);
        } finally {
            MDC.remove("aws_request_id");
        }
    }

    /** One line counting the pass that ended failed or applied in this invocation. */
    static String emf(CompliancePassMachine.Report report, Instant now, String functionName) {
        ObjectNode line = EmfLine.start(
                now.toEpochMilli(),
                List.of(XlakeMetric.FUNCTION_NAME_DIMENSION),
                List.of(XlakeMetric.COMPLIANCE_FAILED_PASSES, XlakeMetric.COMPLIANCE_APPLIED_PASSES));
        line.put(XlakeMetric.FUNCTION_NAME_DIMENSION, functionName)
                .put(XlakeMetric.COMPLIANCE_FAILED_PASSES.metricName(), report.endedFailed() ? 1 : 0)
                .put(XlakeMetric.COMPLIANCE_APPLIED_PASSES.metricName(), report.endedApplied() ? 1 : 0)
                .put("pass", report.passId());
        return line.toString();
    }

    /**
     * Validates the configuration and builds the S3 and Lambda clients now; resolves the token and
     * builds the machine on the first {@code get()}.
     */
    static Supplier<CompliancePassMachine> fromEnvironment(Map<String, String> env, UnaryOperator<String> secrets) {
        ComplianceConfig config = ComplianceConfig.fromEnv(env);
        S3Client s3 = S3Clients.fromEnv(env);
        // The submit function answers within its own timeout (60 s by default); a failed request is
        // asked again by the next invocation, and a repeated one is safe: the apply step's claim makes it once.
        String region = new DefaultAwsRegionProviderChain().getRegion().id();
        LambdaApplyRequester applies = new LambdaApplyRequester(
                UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofMinutes(15))
                        .build(),
                DefaultCredentialsProvider.builder().build(),
                region,
                LambdaApplyRequester.endpointOf(region),
                config.submitFunction());
        return BearerTokenResolver.onFirstUse(
                config.bearerTokenSource(),
                secrets,
                token -> new CompliancePassMachine(
                        new S3ObjectStore(s3, config.bucket()),
                        new HttpComplianceJobClient(config.xApiBaseUrl(), token, config.httpTimeout()),
                        applies,
                        InstantSource.system(),
                        config.maxJobWait()));
    }
}
