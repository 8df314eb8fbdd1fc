package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.assumeBotocore;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.time.Timing;
import dev.xlake.s3.InMemoryObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.EmrClient;

/**
 * The cluster that comes back: a WireMock EMR whose created cluster is gone, the cluster state and
 * claims in a conditional-write store, and {@link EmrStepSubmitter} with {@link ReplacingCluster}
 * as the Lambda wires them when the stack created the cluster.
 */
class ReplacingClusterWireMockIT {

    static final String OLD = "j-OLDCLUSTER0001";
    static final String NEW = "j-NEWCLUSTER0002";
    static final String BUCKET = "xlake-data-123456789012";
    static final ClusterSpec SPEC = new ClusterSpec(
            "xlake-converter",
            "emr-7.12.0",
            List.of("Spark"),
            Map.of("iceberg-defaults", Map.of("iceberg.enabled", "true")),
            "m7g.xlarge",
            "m7g.xlarge",
            1,
            "subnet-0abc1234",
            "XlakeStack-ConverterServiceRole1234",
            "XlakeStack-ConverterInstanceProfile5678",
            "XlakeStack-ConverterSecurityConfiguration9012",
            "s3://" + BUCKET + "/logs/emr/",
            3600,
            Map.of("for-use-with-amazon-emr-managed-policies", "true", "xlake:stack", "XlakeStack"));

    WireMockServer wireMock;
    EmrClient emr;
    final InMemoryObjectStore lake = new InMemoryObjectStore(BUCKET);

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        emr = EmrStepSubmitterWireMockIT.clientOf(wireMock);
        describes(OLD, "TERMINATED");
        describes(NEW, "STARTING");
        wireMock.stubFor(call("AddJobFlowSteps").willReturn(json("{\"StepIds\":[\"s-STEP\"]}")));
    }

    @AfterEach
    void stop() {
        emr.close();
        wireMock.stop();
    }

    ManifestSubmitService service(ConverterClusters clusters) {
        EmrStepSubmitter submitter = new EmrStepSubmitter(
                emr,
                clusters,
                "s3://artifacts/spark-convert-0.1.0.jar",
                List.of(),
                new Timing(InstantSource.system(), dev.xlake.core.time.Sleeper.REAL, new SecureRandom()));
        return new ManifestSubmitService(
                S3ClaimStore.forTicks(lake),
                submitter,
                "s3://" + BUCKET + "/curated",
                "s3://" + BUCKET + "/quarantine/convert",
                Duration.ofMinutes(2));
    }

    ReplacingCluster replacing(InstantSource clock) {
        return new ReplacingCluster(
                emr,
                new ClusterStateStore(lake),
                SPEC,
                OLD,
                Duration.ofMinutes(2),
                clock,
                () -> UUID.randomUUID().toString());
    }

    SubmitOutcome submitTick(ManifestSubmitService service, String tickId) {
        return service.submit(
                new dev.xlake.core.manifest.Tick(
                        tickId, null, List.of(RawKeys.manifest("kpop", "20261125T201500Z-3f9a1c"))),
                BUCKET,
                "s3://" + BUCKET + "/" + RawKeys.tick(tickId),
                Instant.now().plusSeconds(30));
    }

    @Test
    void shouldStartOneReplacementWithTheStackConfigurationAndAddTheStepToIt() {
        // Given the created cluster terminated after its idle timeout
        wireMock.stubFor(call("RunJobFlow").willReturn(json("{\"JobFlowId\":\"" + NEW + "\"}")));
        ManifestSubmitService service = service(replacing(InstantSource.system()));

        // When two ticks are submitted one after the other
        submitTick(service, "20261125T201500Z-000001");
        submitTick(service, "20261125T203000Z-000002");

        // Then one replacement started, both steps went to it, and it is recorded as current
        wireMock.verify(1, requests("RunJobFlow"));
        wireMock.verify(2, requests("AddJobFlowSteps").withRequestBody(matchingJsonPath("$.JobFlowId", equalTo(NEW))));
        ClusterRecord state = new ClusterStateStore(lake).read().orElseThrow().state();
        assertThat(state.clusterId()).isEqualTo(NEW);
        assertThat(state.previousClusterId()).isEqualTo(OLD);
        assertThat(state.isReplacing()).isFalse();
        assertThat(replacing(InstantSource.system()).current()).isEqualTo(NEW);
    }

    @Test
    void shouldSendARunJobFlowBodyTheEmrApiModelAcceptsWithTheStackConfiguration(@TempDir Path dir) throws Exception {
        // Given
        assumeBotocore();
        wireMock.stubFor(call("RunJobFlow").willReturn(json("{\"JobFlowId\":\"" + NEW + "\"}")));
        submitTick(service(replacing(InstantSource.system())), "20261125T201500Z-000001");
        String body = wireMock.findAll(requests("RunJobFlow")).get(0).getBodyAsString();

        // When
        EmrStepSubmitterWireMockIT.Validation validation =
                validate("RunJobFlow", Files.writeString(dir.resolve("run-job-flow.json"), body));

        // Then it is valid, and it is the stack's cluster
        assertThat(validation.exitCode()).as(validation.output()).isZero();
        assertThat(body)
                .satisfies(
                        b -> assertThat(equalToJson("""
                        {"Name": "xlake-converter", "ReleaseLabel": "emr-7.12.0",
                         "Applications": [{"Name": "Spark"}],
                         "Configurations": [{"Classification": "iceberg-defaults",
                                             "Properties": {"iceberg.enabled": "true"}}],
                         "Instances": {"InstanceGroups": [
                             {"Name": "primary", "Market": "ON_DEMAND", "InstanceRole": "MASTER",
                              "InstanceType": "m7g.xlarge", "InstanceCount": 1},
                             {"Name": "core", "Market": "ON_DEMAND", "InstanceRole": "CORE",
                              "InstanceType": "m7g.xlarge", "InstanceCount": 1}],
                           "KeepJobFlowAliveWhenNoSteps": true, "TerminationProtected": false,
                           "Ec2SubnetId": "subnet-0abc1234"},
                         "ServiceRole": "XlakeStack-ConverterServiceRole1234",
                         "JobFlowRole": "XlakeStack-ConverterInstanceProfile5678",
                         "SecurityConfiguration": "XlakeStack-ConverterSecurityConfiguration9012",
                         "LogUri": "s3://xlake-data-123456789012/logs/emr/",
                         "AutoTerminationPolicy": {"IdleTimeout": 3600},
                         "Tags": [{"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"},
                                  {"Key": "xlake:stack", "Value": "XlakeStack"}]}""", true, false).match(b).isExactMatch())
                                .as(b)
                                .isTrue());
    }

    @Test
    void shouldNotStartASecondClusterWhenAnotherEventArrivesWhileTheReplacementStarts() throws Exception {
        // Given RunJobFlow takes two seconds to answer
        wireMock.stubFor(call("RunJobFlow")
                .willReturn(json("{\"JobFlowId\":\"" + NEW + "\"}").withFixedDelay(2000)));
        ManifestSubmitService service = service(replacing(InstantSource.system()));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // When the events of two ticks arrive together
            List<String> ticks = List.of("20261125T201500Z-000001", "20261125T203000Z-000002");
            List<Future<String>> deliveries = ticks.stream()
                    .map(tick -> pool.submit(() -> {
                        go.await();
                        try {
                            return submitTick(service, tick).status().name();
                        } catch (StepSubmissionException e) {
                            return e.getMessage();
                        }
                    }))
                    .toList();
            go.countDown();
            List<String> outcomes = List.of(
                    deliveries.get(0).get(30, TimeUnit.SECONDS),
                    deliveries.get(1).get(30, TimeUnit.SECONDS));

            // Then one cluster started; the other delivery failed so that Lambda retries it
            wireMock.verify(1, requests("RunJobFlow"));
            assertThat(outcomes).containsOnlyOnce("SUBMITTED");
            assertThat(outcomes)
                    .anyMatch(o -> o.startsWith("Cannot submit the convert step for tick")
                            && o.contains("another delivery started replacing EMR cluster " + OLD)
                            && o.contains("claim released"));

            // And its retry adds the step to the replacement without starting another
            String failedTick = outcomes.get(0).equals("SUBMITTED") ? ticks.get(1) : ticks.get(0);
            assertThat(submitTick(service, failedTick).status()).isEqualTo(SubmitOutcome.Status.SUBMITTED);
            wireMock.verify(1, requests("RunJobFlow"));
            wireMock.verify(
                    2, requests("AddJobFlowSteps").withRequestBody(matchingJsonPath("$.JobFlowId", equalTo(NEW))));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRecordTheClusterAnAbandonedReplacementStartedInsteadOfStartingAnother() {
        // Given a delivery claimed the replacement five minutes ago, started NEW and died
        Instant claimed = Instant.now().minus(Duration.ofMinutes(5));
        new ClusterStateStore(lake)
                .createIfAbsent(ClusterRecord.current(OLD, null, claimed).replacing("dead", claimed));
        wireMock.stubFor(call("ListClusters")
                .willReturn(json("{\"Clusters\":[{\"Id\":\"j-SOMEONEELSE01\",\"Name\":\"other\"}," + "{\"Id\":\"" + NEW
                        + "\",\"Name\":\"xlake-converter\"}]}")));

        // When
        submitTick(service(replacing(InstantSource.system())), "20261125T201500Z-000001");

        // Then
        wireMock.verify(0, requests("RunJobFlow"));
        wireMock.verify(requests("AddJobFlowSteps").withRequestBody(matchingJsonPath("$.JobFlowId", equalTo(NEW))));
        assertThat(new ClusterStateStore(lake).read().orElseThrow().state().clusterId())
                .isEqualTo(NEW);
    }

    @Test
    void shouldReleaseTheReplacementClaimWhenEmrRefusesToStartACluster() {
        // Given
        wireMock.stubFor(call("RunJobFlow")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ValidationException\",\"message\":\"Instance type not supported\"}")));

        // When / Then
        assertThatThrownBy(() -> submitTick(service(replacing(InstantSource.system())), "20261125T201500Z-000001"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("Cannot start a replacement for EMR cluster " + OLD
                        + ": RunJobFlow failed with ValidationException (HTTP 400) (replacement claim released)");
        assertThat(new ClusterStateStore(lake).read().orElseThrow().state().isReplacing())
                .isFalse();
        wireMock.verify(0, requests("AddJobFlowSteps"));
    }

    @Test
    void shouldNeverReplaceAClusterPassedById() {
        // Given a cluster passed by id that terminated
        wireMock.stubFor(call("AddJobFlowSteps")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ValidationException\",\"message\":\"A job flow that is shutting"
                                + " down, terminated, or finished may not be modified.\"}")));

        // When / Then it fails loudly, as before, and starts nothing
        assertThatThrownBy(() -> submitTick(service(ConverterClusters.fixed(OLD)), "20261125T201500Z-000001"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("EMR cluster " + OLD + " (state TERMINATED");
        wireMock.verify(0, requests("RunJobFlow"));
        assertThat(lake.get(RawKeys.CLUSTER_STATE)).isEmpty();
    }

    void describes(String clusterId, String state) {
        wireMock.stubFor(call("DescribeCluster")
                .withRequestBody(matchingJsonPath("$.ClusterId", equalTo(clusterId)))
                .willReturn(
                        json("{\"Cluster\":{\"Id\":\"" + clusterId + "\",\"Status\":{\"State\":\"" + state + "\"}}}")));
    }

    static MappingBuilder call(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("ElasticMapReduce." + operation));
    }

    static RequestPatternBuilder requests(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("ElasticMapReduce." + operation));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }
}
