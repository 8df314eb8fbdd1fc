package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.addJobFlowStepsRequests;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.assumeBotocore;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.clientOf;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.emrCall;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.stepIds;
import static dev.xlake.submit.EmrStepSubmitterWireMockIT.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.xlake.core.time.FakeTime;
import dev.xlake.core.time.Timing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.EmrClient;

/**
 * The scheduled maintenance through the submit handler and the real {@link EmrStepSubmitter}, on a
 * WireMock EMR: one {@code AddJobFlowSteps} per scheduled day under duplicate invocations, with a
 * body EMR's API model accepts.
 */
class MaintainStepWireMockIT {

    final WireMockServer wireMock = new WireMockServer(options().dynamicPort());
    final FakeTime clock = new FakeTime(Instant.parse("2026-12-05T03:00:01Z"));
    EmrClient emr;
    SubmitHandler handler;

    void start() {
        wireMock.start();
        emr = clientOf(wireMock);
        EmrStepSubmitter submitter = new EmrStepSubmitter(
                emr,
                EmrStepSubmitterWireMockIT.CLUSTER_ID,
                "s3://xlake-artifacts/spark-convert-0.1.0.jar",
                List.of(),
                new Timing(clock, clock, new SplittableRandom(7)));
        handler = ScheduledEvents.handler(
                new InMemoryClaimStore(),
                submitter,
                clock,
                () -> UUID.randomUUID().toString(),
                "s3://xlake-data/curated");
    }

    @AfterEach
    void stop() {
        if (emr != null) {
            emr.close();
        }
        wireMock.stop();
    }

    JsonNode invoke(String scheduledTime) throws IOException {
        return ScheduledEvents.invoke(handler, "{\"job\":\"maintain\",\"scheduled_time\":\"" + scheduledTime + "\"}");
    }

    @Test
    void shouldAddOneMaintainStepPerScheduledDayWithABodyTheEmrModelAccepts(@TempDir Path dir) throws Exception {
        // Given
        start();
        wireMock.stubFor(emrCall("AddJobFlowSteps").willReturn(stepIds("s-MAINTAIN1")));

        // When the same day's schedule is delivered three times, then the next day's once
        for (int i = 0; i < 3; i++) {
            invoke("2026-12-05T03:00:00Z");
        }
        clock.advance(Duration.ofDays(1));
        invoke("2026-12-06T03:00:00Z");

        // Then two steps, one per day, each running MaintainJob on the Glue catalog
        List<String> bodies = wireMock.findAll(addJobFlowStepsRequests()).stream()
                .map(r -> r.getBodyAsString())
                .toList();
        assertThat(bodies).hasSize(2);
        JsonNode step = new ObjectMapper().readTree(bodies.get(0)).path("Steps").get(0);
        assertThat(step.path("Name").asText()).isEqualTo("xlake-maintain day=2026-12-05");
        assertThat(step.path("ActionOnFailure").asText()).isEqualTo("CONTINUE");
        assertThat(step.at("/HadoopJarStep/Jar").asText()).isEqualTo("command-runner.jar");
        assertThat(step.at("/HadoopJarStep/Args").toString())
                .isEqualTo(
                        "[\"spark-submit\",\"--deploy-mode\",\"cluster\",\"--class\","
                                + "\"dev.xlake.convert.MaintainJob\",\"s3://xlake-artifacts/spark-convert-0.1.0.jar\","
                                + "\"--output\",\"s3://xlake-data/curated\",\"--catalog\",\"glue\",\"--older-than-days\",\"7\"]");
        assertThat(new ObjectMapper()
                        .readTree(bodies.get(1))
                        .at("/Steps/0/Name")
                        .asText())
                .isEqualTo("xlake-maintain day=2026-12-06");

        assumeBotocore();
        EmrStepSubmitterWireMockIT.Validation validation =
                validate("AddJobFlowSteps", Files.writeString(dir.resolve("maintain.json"), bodies.get(0)));
        assertThat(validation.exitCode()).as(validation.output()).isZero();
    }

    @Test
    void shouldFailWithAMessageWhenEmrAnswersAnErrorWithoutACode() {
        // Given an answer with no error type (e.g. a proxy's bare 404)
        start();
        wireMock.stubFor(emrCall("AddJobFlowSteps")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(404)));

        // When / Then: not a NullPointerException, and the claim is released for the retry
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoke("2026-12-05T03:00:00Z"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("Cannot submit job maintain-2026-12-05 (claim released")
                .hasMessageContaining("HTTP 404");
    }
}
