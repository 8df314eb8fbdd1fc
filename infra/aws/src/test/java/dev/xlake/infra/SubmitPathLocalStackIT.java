package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Tick;
import dev.xlake.infra.submit.SubmitFunction;
import dev.xlake.submit.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's S3 → submit Lambda path on LocalStack: the bucket notification, handler, environment
 * names and on-failure destination are taken from the synthesized template and applied to LocalStack
 * with the real lambda-submit jar. EMR is not in LocalStack's free tier, so the submission itself
 * fails, and that is what proves the path: the tick object's event reaches the handler and, once it
 * fails, the dead-letter queue, with the tick's claim released; nothing else (pages, the run
 * manifest) is dead-lettered.
 * Skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class SubmitPathLocalStackIT {

    static final String BUCKET = "xlake-localstack";
    static final String RUN = "20261125T201500Z-3f9a1c";
    static final String RUN_PREFIX = "raw/x/recent-search/query=aws/dt=2026-11-25/run=" + RUN + "/";
    static final String TICK = "20261125T201506Z-0a1b2c";

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
                    DockerImageName.parse("localstack/localstack:4.4"))
            .withServices(Service.S3, Service.LAMBDA, Service.SQS)
            // The stack's functions are arm64; run them on whatever the Docker host is.
            .withEnv("LAMBDA_IGNORE_ARCHITECTURE", "1");

    static SynthesizedStack synth;
    static S3Client s3;
    static LambdaClient lambda;
    static SqsClient sqs;
    static String deadLetterQueueUrl;

    @BeforeAll
    static void deployTheSubmitPath() throws IOException {
        Path jar = XlakeApp.defaultArtifacts(XlakeApp.repositoryRoot(Path.of("").toAbsolutePath()), XlakeApp.version())
                .submitJar();
        assumeThat(jar)
                .as("the lambda-submit jar is built (./mvnw -pl lambda-submit -am package)")
                .isRegularFile();
        synth = SynthesizedStack.of(Map.of());
        JsonNode function = synth.function(SubmitFunction.HANDLER).getValue().path("Properties");
        JsonNode notification = synth.only("Custom::S3BucketNotifications")
                .getValue()
                .at("/Properties/NotificationConfiguration/LambdaFunctionConfigurations/0");

        s3 = client(S3Client.builder().forcePathStyle(true), Service.S3);
        lambda = client(LambdaClient.builder(), Service.LAMBDA);
        sqs = client(SqsClient.builder(), Service.SQS);
        s3.createBucket(b -> b.bucket(BUCKET));
        deadLetterQueueUrl =
                sqs.createQueue(b -> b.queueName("xlake-submit-dead-letters")).queueUrl();
        String deadLetterQueueArn = sqs.getQueueAttributes(
                        b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);

        byte[] code = Files.readAllBytes(jar);
        String functionName = "xlake-submit";
        lambda.createFunction(b -> b.functionName(functionName)
                .runtime(Runtime.fromValue(function.path("Runtime").asText()))
                .architectures(
                        Architecture.fromValue(function.at("/Architectures/0").asText()))
                .handler(function.path("Handler").asText())
                .role("arn:aws:iam::000000000000:role/xlake-submit")
                .timeout(function.path("Timeout").asInt())
                .memorySize(function.path("MemorySize").asInt())
                .environment(e -> e.variables(environment(function.at("/Environment/Variables"))))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(functionName));
        String version =
                lambda.publishVersion(b -> b.functionName(functionName)).version();
        String aliasArn = lambda.createAlias(
                        b -> b.functionName(functionName).name("live").functionVersion(version))
                .aliasArn();
        lambda.putFunctionEventInvokeConfig(b -> b.functionName(functionName)
                .qualifier("live")
                .maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(deadLetterQueueArn))));
        lambda.addPermission(b -> b.functionName(functionName)
                .qualifier("live")
                .statementId("s3")
                .action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")
                .sourceArn("arn:aws:s3:::" + BUCKET));

        List<software.amazon.awssdk.services.s3.model.FilterRule> rules = new ArrayList<>();
        notification
                .at("/Filter/Key/FilterRules")
                .forEach(rule -> rules.add(software.amazon.awssdk.services.s3.model.FilterRule.builder()
                        .name(FilterRuleName.fromValue(rule.path("Name").asText()))
                        .value(rule.path("Value").asText())
                        .build()));
        s3.putBucketNotificationConfiguration(b -> b.bucket(BUCKET)
                .notificationConfiguration(n -> n.lambdaFunctionConfigurations(l -> l.lambdaFunctionArn(aliasArn)
                        .events(Event.fromValue(notification.at("/Events/0").asText()))
                        .filter(f -> f.key(k -> k.filterRules(rules))))));
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable client : new AutoCloseable[] {s3, lambda, sqs}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot close an SDK client", e);
                }
            }
        }
    }

    @Test
    void shouldDeliverOnlyTheTickEventToTheSubmitHandler() {
        // Given a page, the run's manifest and the invocation's tick, written as the fetcher writes them
        s3.putObject(b -> b.bucket(BUCKET).key(RUN_PREFIX + "page-00001.json.gz"), RequestBody.fromString("page"));
        s3.putObject(b -> b.bucket(BUCKET).key(RUN_PREFIX + "_manifest.json"), RequestBody.fromString("{}"));
        s3.putObject(
                b -> b.bucket(BUCKET).key(RawKeys.tick(TICK)),
                RequestBody.fromBytes(new Tick(TICK, null, List.of(RUN_PREFIX + "_manifest.json")).toJson()));

        // When the submit handler runs and (without EMR) fails, Then exactly the tick's event is dead-lettered
        List<Message> deadLetters = new ArrayList<>();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    deadLetters.addAll(sqs.receiveMessage(
                                    b -> b.queueUrl(deadLetterQueueUrl).waitTimeSeconds(1))
                            .messages());
                    assertThat(deadLetters).isNotEmpty();
                });
        // (S3 events URL-encode keys: query%3Daws/dt%3D..., so the run id and file name are matched)
        assertThat(deadLetters)
                .singleElement()
                .satisfies(m -> assertThat(m.body()).contains(TICK).doesNotContain("page-00001", "_manifest.json"));
        // And the tick's claim was released for a retry to take
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("state/submit/"))
                        .contents())
                .isEmpty();
    }

    /** The template's variables with the deploy-time values LocalStack has instead. */
    private static Map<String, String> environment(JsonNode templateVariables) {
        Map<String, String> env = new HashMap<>();
        templateVariables
                .fieldNames()
                .forEachRemaining(name -> env.put(
                        name,
                        switch (name) {
                            case EnvNames.BUCKET -> BUCKET;
                            case EnvNames.EMR_CLUSTER_ID -> "j-LOCALSTACK";
                            case EnvNames.CONVERTER_JAR -> "s3://" + BUCKET + "/artifacts/spark-convert.jar";
                            case EnvNames.CURATED_URI -> "s3://" + BUCKET + "/curated";
                            case EnvNames.QUARANTINE_URI -> "s3://" + BUCKET + "/quarantine/convert";
                            case EnvNames.EMR_CLUSTER_SPEC ->
                                new ClusterSpec(
                                                "xlake-convert",
                                                "emr-7.12.0",
                                                List.of("Spark"),
                                                Map.of(),
                                                "m5.xlarge",
                                                "m5.xlarge",
                                                1,
                                                "subnet-localstack",
                                                "service-role",
                                                "instance-profile",
                                                null,
                                                "s3://" + BUCKET + "/logs/emr/",
                                                3600,
                                                Map.of())
                                        .toJson();
                            default ->
                                throw new IllegalStateException(
                                        "Cannot map variable " + name + " to LocalStack: add it here");
                        }));
        return env;
    }

    private static <
                    B extends
                            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>,
                    C>
            C client(B builder, Service service) {
        return builder.endpointOverride(LOCALSTACK.getEndpointOverride(service))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
