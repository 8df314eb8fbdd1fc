package dev.xlake.infra.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.JavaFunctions;
import dev.xlake.infra.JavaFunctions.ObjectGrant;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.nag.Acknowledged;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretAttributes;
import software.constructs.Construct;

/**
 * The scheduled X poller: its bearer-token secret, the function, the alias that carries the
 * SnapStart snapshot, and the schedule.
 *
 * <p>Single-poller safety rests on the checkpoint: every checkpoint write is conditional, so of
 * two overlapping pollers only one advances a query and the other stops at its first conflicting
 * write. Reserved concurrency 1 ({@code -c fetchReservedConcurrency=true}) additionally keeps a
 * second poller from starting at all (a tick that finds the poller busy is throttled), but Lambda
 * keeps 100 units of the account's quota unreserved, so it is an option: accounts with the default
 * quota of 10 cannot reserve anything.
 */
public final class FetchFunction extends Construct {

    public static final String HANDLER = "dev.xlake.fetch.FetchHandler::handleRequest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ISecret bearerToken;
    private final Function function;
    private final List<String> tokenReaders = new ArrayList<>();

    public FetchFunction(Construct scope, String id, XlakeConfig config, DataLakeBucket lake, Code code) {
        super(scope, id);
        this.bearerToken = config.bearerTokenSecretArn()
                .map(arn -> Secret.fromSecretAttributes(
                        this,
                        "BearerToken",
                        SecretAttributes.builder().secretCompleteArn(arn).build()))
                .orElseGet(this::emptySecret);

        Function.Builder functionBuilder = JavaFunctions.function(this, "Function", config, code);
        if (config.fetchReservedConcurrency()) {
            functionBuilder.reservedConcurrentExecutions(1);
        }
        this.function = functionBuilder
                .handler(HANDLER)
                .description("xlake: polls X recent search for the configured queries into raw/")
                .memorySize(config.fetchMemoryMb())
                .timeout(Duration.seconds(config.fetchTimeout().toSeconds()))
                // Sorted, so that the synthesized template and the version hash are stable.
                .environment(environment(config, lake))
                .build();
        Alias alias = JavaFunctions.liveAlias(
                this,
                function,
                builder -> builder
                        // The checkpoint makes the next tick resume where this one stopped; retrying at once
                        // would only meet the same rate limit or outage.
                        .retryAttempts(0)
                        .maxEventAge(
                                Duration.seconds(Math.max(60, config.fetchRate().toSeconds()))));

        grantLakeAccess(lake);
        if (config.bearerTokenSecretArn().isEmpty()) {
            denyReadingToAllButTheTokenReaders((Secret) bearerToken);
        }
        grantTokenRead(function);

        // The next tick does the same work: no retries, and an undelivered tick expires.
        JavaFunctions.everyRate(
                this,
                "Schedule",
                "xlake: runs the X poller",
                Duration.minutes(config.fetchRate().toMinutes()),
                alias,
                Map.of("source", "xlake.schedule"));
    }

    /** Sorted, so that the synthesized template and the version hash are stable. */
    private Map<String, String> environment(XlakeConfig config, DataLakeBucket lake) {
        Map<String, String> env = new TreeMap<>(Map.of(
                EnvNames.BUCKET, lake.bucket().getBucketName(),
                EnvNames.QUERIES, queriesJson(config.queries()),
                EnvNames.X_BEARER_SECRET_ID, bearerToken.getSecretArn(),
                EnvNames.MAX_QUERY_WAIT, config.maxQueryWait().toString()));
        config.dailyBudgetUsd().ifPresent(usd -> env.put(EnvNames.DAILY_BUDGET_USD, usd.toPlainString()));
        config.monthlyBudgetUsd().ifPresent(usd -> env.put(EnvNames.MONTHLY_BUDGET_USD, usd.toPlainString()));
        return env;
    }

    /** Created without a value: the operator sets it with put-secret-value, so it never enters the template. */
    private ISecret emptySecret() {
        Secret secret = Secret.Builder.create(this, "BearerToken")
                .description("xlake: X API bearer token (plain text or {\"bearer_token\": \"...\"}); "
                        + "set it with aws secretsmanager put-secret-value")
                .build();
        // Secret generates a random value by default; the token is the operator's to set.
        ((CfnSecret) secret.getNode().getDefaultChild()).addPropertyDeletionOverride("GenerateSecretString");
        Acknowledged.rule(
                secret,
                "AwsSolutions-SMG4",
                "An X app-only bearer token cannot be rotated by a function: X issues it in its developer portal;"
                        + " the operator replaces the value with put-secret-value (docs/deploy-aws.md)");
        return secret;
    }

    /**
     * Lets {@code reader} (the fetch function, the compliance function) read the token: the identity
     * grant and, on a secret the stack created, a place among the only principals its resource policy
     * admits.
     */
    public void grantTokenRead(IFunction reader) {
        bearerToken.grantRead(reader);
        tokenReaders.add(reader.getRole().getRoleArn());
    }

    /**
     * The identity grants let the readers ({@link #grantTokenRead}) read the token; this resource
     * policy makes them the only ones, so that broad read permissions elsewhere in the account do not
     * reach the token. Setting it ({@code PutSecretValue}) stays with whoever administers the account.
     * The list is resolved at synthesis, after every reader was granted.
     */
    private void denyReadingToAllButTheTokenReaders(Secret secret) {
        secret.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyXlakeFunctionsReadTheToken")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of("*"))
                .conditions(Map.of("StringNotEquals", Map.of("aws:PrincipalArn", Lazy.list((IStableListProducer)
                        () -> tokenReaders))))
                .build());
    }

    /**
     * Writes pages and manifests under raw/ and reads them back (resuming a run in flight, checking
     * a manifest exists, confirming its own write after a 412/409), reads and writes its
     * checkpoints under state/x/; nothing else. Without GetObject S3 answers every read 403, so a
     * run that stopped early could never be resumed.
     */
    private void grantLakeAccess(DataLakeBucket lake) {
        JavaFunctions.grantLakeObjects(
                function,
                lake,
                new ObjectGrant(
                        "ReadWriteRawPages",
                        DataLakeBucket.RAW_PREFIX,
                        List.of("s3:GetObject", "s3:PutObject"),
                        "`raw/*` is the fetch function's own prefix: it writes one new object per page and manifest,"
                                + " named by query, day and run id at run time, and reads them back to resume a run"),
                new ObjectGrant(
                        "ReadWriteCheckpoints",
                        DataLakeBucket.FETCH_STATE_PREFIX,
                        List.of("s3:GetObject", "s3:PutObject"),
                        "`state/x/*` holds the fetch function's checkpoints and spend ledger, one object per query"
                                + " and period, named at run time"));
    }

    static String queriesJson(Map<String, String> queries) {
        try {
            return JSON.writeValueAsString(queries.entrySet().stream()
                    .map(e -> new QueryEntry(e.getKey(), e.getValue()))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the queries as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One element of {@link EnvNames#QUERIES}. */
    private record QueryEntry(String name, String query) {}

    public ISecret bearerToken() {
        return bearerToken;
    }

    public Function function() {
        return function;
    }
}
