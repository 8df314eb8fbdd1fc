package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Tick;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole submit path on real protocols: a documented S3 event for a three-query tick into
 * {@link SubmitHandler}, the tick read from and
 * claims on the embedded S3, {@code AddJobFlowSteps} to a WireMock EMR that answers slowly, so
 * concurrent deliveries overlap the first submission.
 *
 * <p>infra/aws re-runs these scenarios with the function's clients replaced through
 * {@link #functionS3} and {@link #functionEmr}, so that every call obeys the submit role's
 * synthesized IAM policy.
 */
public class SubmitHandlerIT {

    static final String BUCKET = "xlake-data-123456789012";
    static final String TICK_ID = SubmitHandlerTest.TICK_ID;
    static final String CLUSTER_ID = "j-2AXXXXXXGAPLF";

    EmbeddedS3 s3Server;
    S3Client s3;
    WireMockServer emrServer;
    EmrClient emr;
    SubmitHandler handler;

    @BeforeEach
    void start() {
        s3Server = EmbeddedS3.builder().start();
        s3Server.createBucket(BUCKET);
        s3 = s3Server.newClient();
        // The fetch function's tick: three queries' runs
        new S3ObjectStore(s3, BUCKET)
                .putIfAbsent(
                        RawKeys.tick(TICK_ID),
                        new Tick(TICK_ID, "2026-11-25T20:15:04Z", SubmitHandlerTest.MANIFEST_KEYS).toJson(),
                        "application/json",
                        Map.of());
        emrServer = new WireMockServer(options().dynamicPort());
        emrServer.start();
        emrServer.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("ElasticMapReduce.AddJobFlowSteps"))
                .withRequestBody(matchingJsonPath("$.Steps[0].HadoopJarStep.Args[?(@ == 's3://" + BUCKET + "/"
                        + SubmitHandlerTest.MANIFEST_KEYS.get(0) + "')]"))
                .withRequestBody(matchingJsonPath("$.Steps[0].HadoopJarStep.Args[?(@ == 's3://" + BUCKET + "/"
                        + SubmitHandlerTest.MANIFEST_KEYS.get(2) + "')]"))
                .withRequestBody(matchingJsonPath(
                        "$.Steps[0].HadoopJarStep.Args[?(@ == 's3://" + BUCKET + "/quarantine/convert')]"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"StepIds\":[\"s-SLOWLYMADE\"]}")
                        .withFixedDelay(1000)));
        emr = EmrStepSubmitterWireMockIT.clientOf(emrServer);
        SubmitConfig config = SubmitConfig.fromEnv(Map.of(
                EnvNames.BUCKET, BUCKET,
                EnvNames.EMR_CLUSTER_ID, CLUSTER_ID,
                EnvNames.CONVERTER_JAR, "s3://" + BUCKET + "/artifacts/spark-convert-0.1.0.jar"));
        S3ObjectStore lake = new S3ObjectStore(functionS3(s3), BUCKET);
        handler = new SubmitHandler(
                new ManifestSubmitService(
                        S3ClaimStore.forTicks(lake),
                        EmrStepSubmitter.fromConfig(functionEmr(emr), config, lake),
                        config.curatedUri(),
                        config.quarantineUri(),
                        config.claimStaleAfter()),
                lake,
                Optional.empty(),
                InstantSource.system());
    }

    /** The S3 client the handler uses; this one as is, unless a subclass checks its calls. */
    protected S3Client functionS3(S3Client client) {
        return client;
    }

    /** The EMR client the handler uses; this one as is, unless a subclass checks its calls. */
    protected EmrClient functionEmr(EmrClient client) {
        return client;
    }

    @AfterEach
    void stop() {
        emr.close();
        emrServer.stop();
        s3.close();
        s3Server.close();
    }

    JsonNode invoke() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                S3EventParserTest.resource("s3-event-tick.json"), out, new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray()).at("/results/0");
    }

    static RequestPatternBuilder addJobFlowSteps() {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("ElasticMapReduce.AddJobFlowSteps"));
    }

    @Test
    void shouldAddOneStepForAThreeQueryTickDeliveredThreeTimes() throws Exception {
        List<String> statuses = List.of(
                invoke().path("status").asText(),
                invoke().path("status").asText(),
                invoke().path("status").asText());

        assertThat(statuses).containsExactly("SUBMITTED", "ALREADY_SUBMITTED", "ALREADY_SUBMITTED");
        emrServer.verify(1, addJobFlowSteps());
    }

    @Test
    void shouldAddOneStepWhenDeliveriesArriveConcurrently() throws Exception {
        // Given six deliveries released at once; EMR takes a second to answer the first
        int deliveries = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return invoke().path("status").asText();
                    } catch (StepSubmissionException e) {
                        return e.getMessage().startsWith("Cannot confirm") ? "NOT_CONFIRMED" : e.getMessage();
                    }
                }));
            }

            // When
            start.countDown();
            List<String> statuses = new ArrayList<>();
            for (Future<String> future : futures) {
                statuses.add(future.get(30, TimeUnit.SECONDS));
            }

            // Then exactly one step; the others failed to be retried (claim in progress) or saw it done
            emrServer.verify(1, addJobFlowSteps());
            assertThat(statuses)
                    .containsOnlyOnce("SUBMITTED")
                    .filteredOn(status -> !status.equals("SUBMITTED"))
                    .hasSize(deliveries - 1)
                    .allMatch(status -> status.equals("NOT_CONFIRMED") || status.equals("ALREADY_SUBMITTED"));
            assertThat(invoke().path("detail").asText()).isEqualTo("already submitted: step s-SLOWLYMADE");
        } finally {
            pool.shutdownNow();
        }
    }
}
