package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.xlake.submit.ReplacingClusterWireMockIT.call;
import static dev.xlake.submit.ReplacingClusterWireMockIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3embedded.EmbeddedS3;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link ConversionLag} on the embedded S3 (tick objects) and a WireMock EMR (steps, cluster). */
class ConversionLagIT {

    static final String BUCKET = "xlake-data-123456789012";
    static final String CURRENT = "j-NEWCLUSTER0002";
    static final String PREVIOUS = "j-OLDCLUSTER0001";
    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    EmbeddedS3 s3Server;
    S3Client s3;
    WireMockServer wireMock;
    EmrClient emr;
    final FakeTime clock = new FakeTime(T0.plus(Duration.ofHours(3)));

    @BeforeEach
    void start() {
        s3Server = EmbeddedS3.builder().start();
        s3Server.createBucket(BUCKET);
        s3 = s3Server.newClient();
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        emr = EmrStepSubmitterWireMockIT.clientOf(wireMock);
        // Ticks every 15 minutes for three hours
        for (int i = 0; i < 12; i++) {
            String tickId = RunIds.format(T0.plus(Duration.ofMinutes(15L * i)), i);
            s3.putObject(b -> b.bucket(BUCKET).key(RawKeys.tick(tickId)), RequestBody.fromString("{}"));
        }
        // The current cluster was created at T0 + 1 h
        wireMock.stubFor(call("DescribeCluster")
                .willReturn(json("{\"Cluster\":{\"Id\":\"" + CURRENT + "\",\"Status\":{\"State\":\"WAITING\","
                        + "\"Timeline\":{\"CreationDateTime\":" + epoch(T0.plus(Duration.ofHours(1))) + "}}}}")));
    }

    @AfterEach
    void stop() {
        emr.close();
        wireMock.stop();
        s3.close();
        s3Server.close();
    }

    ConversionLag lag(List<String> clusters) {
        return new ConversionLag(emr, () -> clusters, s3, BUCKET, clock);
    }

    void completedSteps(String clusterId, Instant... starts) {
        StringBuilder steps = new StringBuilder();
        for (Instant start : starts) {
            steps.append(steps.isEmpty() ? "" : ",")
                    .append("{\"Id\":\"s-")
                    .append(start.getEpochSecond())
                    .append("\",\"Name\":\"xlake-convert tick=x runs=1\",\"Status\":{\"State\":\"COMPLETED\",")
                    .append("\"Timeline\":{\"StartDateTime\":")
                    .append(epoch(start))
                    .append("}}}");
        }
        wireMock.stubFor(call("ListSteps")
                .withRequestBody(matchingJsonPath("$.ClusterId", equalTo(clusterId)))
                .willReturn(json("{\"Steps\":[" + (steps.isEmpty() ? "" : steps + ",")
                        + "{\"Id\":\"s-OTHER\",\"Name\":\"something else\",\"Status\":{\"State\":\"COMPLETED\","
                        + "\"Timeline\":{\"StartDateTime\":" + epoch(clock.instant()) + "}}}]}")));
    }

    @Test
    void shouldMeasureFromTheOldestTickWrittenSinceTheNewestCompletedConversionStarted() {
        // Given conversions completed that started at 2 h and (on the replaced cluster) 2 h 10 min
        completedSteps(CURRENT, T0.plus(Duration.ofHours(2)));
        completedSteps(PREVIOUS, T0.plus(Duration.ofMinutes(130)));

        // When / Then the oldest tick since is the one of 2 h 15 min, 45 minutes ago
        assertThat(lag(List.of(CURRENT, PREVIOUS)).measure()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void shouldMeasureFromTheClusterCreationWhenNoConversionCompletedYet() {
        // Given no completed convert step on the current cluster (only another step)
        completedSteps(CURRENT);

        // When / Then the oldest tick since its creation at 1 h is two hours old
        assertThat(lag(List.of(CURRENT)).measure()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldBeZeroWhenNoTickWaits() {
        completedSteps(CURRENT, clock.instant().minus(Duration.ofMinutes(1)));

        assertThat(lag(List.of(CURRENT)).measure()).isZero();
    }

    @Test
    void shouldPublishTheLagAsAnEmbeddedMetricFormatLine() throws Exception {
        JsonNode line =
                new ObjectMapper().readTree(LagMetric.emf(Duration.ofMinutes(45), clock.instant(), "xlake-submit"));

        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("xlake");
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("ConversionLagSeconds");
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(line.path("ConversionLagSeconds").asLong()).isEqualTo(2700);
        assertThat(line.path("FunctionName").asText()).isEqualTo("xlake-submit");
    }

    static String epoch(Instant instant) {
        return String.valueOf(instant.getEpochSecond());
    }
}
