package dev.xlake.infra.submit;

import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.infra.JavaFunctions;
import dev.xlake.infra.JavaFunctions.ObjectGrant;
import dev.xlake.infra.TerminalQueues;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.emr.ConverterCluster;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Turns each fetch tick into one EMR convert step: S3 notifies the function when a tick object
 * {@code raw/x/ticks/...json} is created, and events it cannot handle after Lambda's retries land
 * in a dead-letter queue (the next conversion's catch-up converts their runs anyway). When the
 * stack created the converter cluster, the function may replace it when it is gone
 * ({@link dev.xlake.infra.emr.ClusterReplacement}).
 */
public final class SubmitFunction extends Construct {

    public static final String HANDLER = "dev.xlake.submit.SubmitHandler::handleRequest";

    private final Function function;
    private final Queue deadLetters;

    public SubmitFunction(
            Construct scope, String id, XlakeConfig config, DataLakeBucket lake, ConverterCluster cluster, Code code) {
        super(scope, id);
        this.deadLetters = TerminalQueues.create(
                this,
                "DeadLetters",
                "This queue is the dead-letter destination of the submit function's asynchronous invocations"
                        + " (Lambda's on-failure destination); a dead-letter queue of its own would only move the"
                        + " same events again");
        this.function = JavaFunctions.function(this, "Function", config, code)
                .handler(HANDLER)
                .description("xlake: submits one EMR convert step per fetch tick")
                .memorySize(config.submitMemoryMb())
                .timeout(Duration.seconds(config.submitTimeout().toSeconds()))
                // Sorted, so that the synthesized template and the version hash are stable.
                .environment(environment(config, lake, cluster))
                .build();
        Alias alias = JavaFunctions.liveAlias(
                this,
                function,
                builder -> builder
                        // A failed submission releases its claim, so a retry is safe and usually succeeds.
                        .retryAttempts(2)
                        .maxEventAge(Duration.hours(6))
                        .onFailure(new SqsDestination(deadLetters)));

        grantLakeAccess(lake);
        cluster.replacement().ifPresent(replacement -> replacement.grantReplacingTo(this, function.getRole()));
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("SubmitConvertSteps")
                // ListSteps finds a step an abandoned claim may have submitted; DescribeCluster explains
                // a failed submission (e.g. the cluster terminated).
                .actions(List.of(
                        "elasticmapreduce:AddJobFlowSteps",
                        "elasticmapreduce:ListSteps",
                        "elasticmapreduce:DescribeCluster"))
                .resources(List.of(cluster.clusterArn()))
                .build());

        lake.bucket()
                .addEventNotification(
                        EventType.OBJECT_CREATED,
                        new LambdaDestination(alias),
                        // One tick object per fetch invocation: one step per tick (docs/submit.md).
                        NotificationKeyFilter.builder()
                                .prefix(RawKeys.TICKS_PREFIX)
                                .suffix(".json")
                                .build());
    }

    private static Map<String, String> environment(XlakeConfig config, DataLakeBucket lake, ConverterCluster cluster) {
        Map<String, String> env = new TreeMap<>(Map.of(
                EnvNames.BUCKET,
                lake.bucket().getBucketName(),
                EnvNames.EMR_CLUSTER_ID,
                cluster.clusterId(),
                EnvNames.CONVERTER_JAR,
                cluster.converterJarUri(),
                EnvNames.CURATED_URI,
                lake.s3Uri(RawKeys.CURATED_FOLDER),
                // The converter adds run=<runId>/ below this (docs/s3-layout.md).
                EnvNames.QUARANTINE_URI,
                lake.s3Uri(RawKeys.CONVERT_QUARANTINE_FOLDER),
                // A claim left by a crashed invocation may be taken over by Lambda's own
                // retry once the owner cannot still be running (timeout + a minute).
                EnvNames.SUBMIT_CLAIM_STALE_AFTER,
                config.submitTimeout().plusMinutes(1).toString()));
        // Only a cluster this stack created is replaced when it is gone.
        cluster.replacement().ifPresent(r -> env.put(EnvNames.EMR_CLUSTER_SPEC, r.specJson()));
        return env;
    }

    /**
     * The exactly-once claims under state/submit/ (create, read, replace and release) and the tick
     * objects its S3 events name (read only).
     */
    private void grantLakeAccess(DataLakeBucket lake) {
        JavaFunctions.grantLakeObjects(
                function,
                lake,
                new ObjectGrant(
                        "ClaimRuns",
                        DataLakeBucket.SUBMIT_CLAIMS_PREFIX,
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                        "`state/submit/*` holds the submit function's exactly-once claims, one object per run"
                                + " manifest, named at run time"),
                new ObjectGrant(
                        "ReadTicks",
                        RawKeys.TICKS_PREFIX,
                        List.of("s3:GetObject"),
                        "`raw/x/ticks/*` holds one tick object per fetch invocation, named at run time; the submit"
                                + " function only reads the tick its S3 event names"));
    }

    public Function function() {
        return function;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
