package dev.xlake.infra;

import dev.xlake.infra.nag.Acknowledged;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/** What the xlake Java functions share: runtime, SnapStart, JSON logs, and the alias invoked by events. */
public final class JavaFunctions {

    public static final String LIVE_ALIAS = "live";

    private static final String LIVE_ALIAS_ID = "LiveAlias";

    /**
     * The newest Java runtime Lambda offers in this CDK version; SnapStart supports it (CDK refuses
     * SnapStart on a runtime that does not). The jars are built for Java 17 and run unchanged.
     */
    public static final Runtime RUNTIME = Runtime.JAVA_25;

    private JavaFunctions() {}

    /**
     * A builder preset for a handler in the lambda-fetch jar.
     *
     * <p>arm64 costs less per GB-second and the jar is pure Java. SnapStart snapshots the initialised
     * JVM (SDK clients included) when a version is published, which is what keeps the cold start of
     * a Java handler out of every schedule tick; it applies only to published versions, hence
     * {@link #liveAlias}.
     */
    public static Function.Builder function(Construct scope, String id, XlakeConfig config, Code code) {
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // The L2 takes an enum; the configured number (validated against CloudWatch's list) goes in as is.
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(config.logRetentionDays());
        return Function.Builder.create(scope, id)
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .code(code)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logs);
    }

    /** The alias every trigger invokes, pointing at the version published for this deployment. */
    public static Alias liveAlias(Construct scope, Function function, UnaryOperator<Alias.Builder> asyncSettings) {
        // CDK warns that SnapStart needs a published version: this alias is what publishes it.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "the live alias publishes a version on every change");
        Acknowledged.finding(
                function.getRole(),
                "AwsSolutions-IAM4",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "AWSLambdaBasicExecutionRole lets the function write its own logs (logs:CreateLogGroup,"
                        + " CreateLogStream, PutLogEvents) and nothing else; AWS maintains it for every Lambda function");
        return asyncSettings
                .apply(Alias.Builder.create(scope, LIVE_ALIAS_ID)
                        .aliasName(LIVE_ALIAS)
                        .version(function.getCurrentVersion()))
                .build();
    }

    /** The live alias {@link #liveAlias} made in {@code scope} (a function's construct). */
    public static Alias liveAliasOf(Construct scope) {
        return (Alias) scope.getNode().findChild(LIVE_ALIAS_ID);
    }

    /**
     * {@code s3:ListBucket} on the bucket itself, so that a missing key answers 404 (NoSuchKey)
     * rather than 403: the handlers treat a missing checkpoint or claim as "none yet". It reveals
     * key names only, never content.
     */
    public static PolicyStatement listBucketForNotFound(DataLakeBucket lake) {
        return PolicyStatement.Builder.create()
                .sid("ListBucketSoMissingKeysAre404")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(lake.bucket().getBucketArn()))
                .build();
    }

    /**
     * {@code actions} on every object under {@code prefix}, a prefix whose keys a function names at
     * run time; {@code whyWildcard} is the reason the wildcard is acknowledged.
     */
    public record ObjectGrant(String sid, String prefix, List<String> actions, String whyWildcard) {}

    /**
     * What a function needs of the lake to keep its own objects: each grant, {@link
     * #listBucketForNotFound}, and the bucket's KMS key when it has one.
     */
    public static void grantLakeObjects(Function function, DataLakeBucket lake, ObjectGrant... grants) {
        for (ObjectGrant grant : grants) {
            String objects = lake.bucket().arnForObjects(grant.prefix() + "*");
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid(grant.sid())
                    .actions(grant.actions())
                    .resources(List.of(objects))
                    .build());
            Acknowledged.wildcardResource(function.getRole(), objects, grant.whyWildcard());
        }
        function.addToRolePolicy(listBucketForNotFound(lake));
        lake.grantKeyUse(function);
    }

    /**
     * An EventBridge Scheduler rate invoking {@code alias} with {@code input}, for a function whose next
     * invocation does the same work as a missed one: no retries, and an undelivered invocation expires
     * after one rate (at least a minute).
     */
    public static Schedule everyRate(
            Construct scope, String id, String description, Duration rate, Alias alias, Map<String, ?> input) {
        Duration maxAge = Duration.seconds(Math.max(60, rate.toSeconds().longValue()));
        return Schedule.Builder.create(scope, id)
                .description(description)
                .schedule(ScheduleExpression.rate(rate))
                .target(new LambdaInvoke(
                        alias,
                        ScheduleTargetBaseProps.builder()
                                .input(ScheduleTargetInput.fromObject(input))
                                .retryAttempts(0)
                                .maxEventAge(maxAge)
                                .build()))
                .build();
    }
}
