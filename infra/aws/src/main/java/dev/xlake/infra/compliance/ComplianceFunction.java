package dev.xlake.infra.compliance;

import dev.xlake.core.config.EnvNames;
import dev.xlake.infra.JavaFunctions;
import dev.xlake.infra.JavaFunctions.ObjectGrant;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.storage.DataLakeBucket;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The compliance function (docs/compliance.md "On AWS"): a second handler of the fetch jar that
 * EventBridge Scheduler invokes every {@link #RATE}; each invocation advances the open compliance
 * pass by a state or two and returns (X's jobs are polled by later invocations, never waited for
 * inside one). It reads the fetch function's bearer token, keeps the pass under
 * {@code state/x/compliance/}, and asks the submit function's live alias for the apply step.
 */
public final class ComplianceFunction extends Construct {

    public static final String HANDLER = "dev.xlake.compliance.ComplianceHandler::handleRequest";

    /** How often the open pass is advanced: a job's status is seen at most this late. */
    public static final Duration RATE = Duration.minutes(5);

    /**
     * One invocation uploads at most one ids file (6,000,000 ids, ~120 MB, held in memory as one
     * byte array while S3 hands it over and X receives it) or downloads one result: 2048 MB leaves
     * room for two copies and gets more CPU and network than 1 GB.
     */
    public static final int MEMORY_MB = 2048;

    /**
     * Lambda's maximum: most invocations last under a second (one state read), but a 120 MB upload
     * to X's signed URL may take minutes; the handler starts no step with less than a minute left.
     * Overlapping invocations are safe: every state write is conditional.
     */
    public static final Duration TIMEOUT = Duration.minutes(15);

    /** Per X request, the upload of a whole ids file included: 120 MB at 1 MB/s (FetchConfig's 20 s is for pages). */
    public static final int HTTP_TIMEOUT_SECONDS = 120;

    private final Function function;

    public ComplianceFunction(
            Construct scope,
            String id,
            XlakeConfig config,
            DataLakeBucket lake,
            FetchFunction fetch,
            SubmitFunction submit,
            Code code) {
        super(scope, id);
        Alias submitAlias = JavaFunctions.liveAliasOf(submit);
        this.function = JavaFunctions.function(this, "Function", config, code)
                .handler(HANDLER)
                .description("xlake: runs X batch compliance jobs and asks for the apply step (docs/compliance.md)")
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .environment(new TreeMap<>(Map.of(
                        EnvNames.BUCKET, lake.bucket().getBucketName(),
                        EnvNames.X_BEARER_SECRET_ID, fetch.bearerToken().getSecretArn(),
                        EnvNames.HTTP_TIMEOUT_SECONDS, Integer.toString(HTTP_TIMEOUT_SECONDS),
                        EnvNames.SUBMIT_FUNCTION, submitAlias.getFunctionArn())))
                .build();
        Alias alias = JavaFunctions.liveAlias(
                this,
                function,
                // The state in S3 makes the next invocation resume; an immediate retry would meet the same X.
                builder -> builder.retryAttempts(0).maxEventAge(Duration.seconds(RATE.toSeconds())));

        fetch.grantTokenRead(function);
        submitAlias.grantInvoke(function);
        grantPassState(lake);
        JavaFunctions.everyRate(
                this,
                "Schedule",
                "xlake: advances the open compliance pass",
                RATE,
                alias,
                Map.of("source", "xlake.schedule"));
    }

    /** Reads, writes (conditionally) and removes the pass's objects under state/x/compliance/; nothing else. */
    private void grantPassState(DataLakeBucket lake) {
        JavaFunctions.grantLakeObjects(
                function,
                lake,
                new ObjectGrant(
                        "KeepCompliancePasses",
                        DataLakeBucket.COMPLIANCE_STATE_PREFIX,
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                        "`state/x/compliance/*` holds the compliance passes: the current state, ids, results and"
                                + " records, named by pass id at run time; working files are removed when a pass ends"));
    }

    public Function function() {
        return function;
    }
}
