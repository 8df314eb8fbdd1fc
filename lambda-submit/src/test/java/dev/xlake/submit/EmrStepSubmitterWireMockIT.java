package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.xlake.core.time.FakeTime;
import dev.xlake.core.time.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

/** {@link EmrStepSubmitter} against a WireMock EMR speaking the AWS JSON 1.1 protocol. */
class EmrStepSubmitterWireMockIT {

    static final String CLUSTER_ID = "j-2AXXXXXXGAPLF";
    static final String AMZ_JSON = "application/x-amz-json-1.1";
    static final String RUN_ID = "20261125T201500Z-3f9a1c";
    static final ConvertStep STEP = new ConvertStep(
            RUN_ID,
            "xlake-convert run=" + RUN_ID + " query=kpop",
            List.of("s3://xlake-data/raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + RUN_ID + "/_manifest.json"),
            "s3://xlake-data/curated",
            "s3://xlake-data/quarantine/convert");
    static final String EXPECTED_BODY = """
            {"JobFlowId": "j-2AXXXXXXGAPLF",
             "Steps": [{
               "Name": "xlake-convert run=20261125T201500Z-3f9a1c query=kpop",
               "ActionOnFailure": "CONTINUE",
               "HadoopJarStep": {
                 "Jar": "command-runner.jar",
                 "Args": ["spark-submit", "--deploy-mode", "cluster",
                          "--conf", "spark.executor.memory=4g", "--num-executors", "2",
                          "--class", "dev.xlake.convert.ConvertJob",
                          "s3://xlake-data/artifacts/spark-convert-0.1.0.jar",
                          "--manifest", "s3://xlake-data/raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json",
                          "--output", "s3://xlake-data/curated",
                          "--quarantine", "s3://xlake-data/quarantine/convert",
                          "--catalog", "glue"]}}]}""";

    static WireMockServer wireMock;
    static EmrClient emr;

    final FakeTime clock = new FakeTime(Instant.parse("2026-11-25T20:15:05Z"));
    final EmrStepSubmitter submitter = new EmrStepSubmitter(
            emr,
            CLUSTER_ID,
            "s3://xlake-data/artifacts/spark-convert-0.1.0.jar",
            List.of("--conf", "spark.executor.memory=4g", "--num-executors", "2"),
            new Timing(clock, clock, new SplittableRandom(7)));

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        emr = clientOf(wireMock);
    }

    /** The submitter's EMR client, as production builds it, pointed at {@code server} with dummy keys. */
    static EmrClient clientOf(WireMockServer server) {
        return EmrStepSubmitter.clientBuilder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }

    @AfterAll
    static void stopWireMock() {
        emr.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    static MappingBuilder emrCall(String operation) {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("ElasticMapReduce." + operation))
                .withHeader("Content-Type", equalTo(AMZ_JSON));
    }

    static MappingBuilder addJobFlowSteps() {
        return emrCall("AddJobFlowSteps").withRequestBody(equalToJson(EXPECTED_BODY));
    }

    static RequestPatternBuilder addJobFlowStepsRequests() {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("ElasticMapReduce.AddJobFlowSteps"));
    }

    static RequestPatternBuilder listStepsRequests() {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("ElasticMapReduce.ListSteps"));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", AMZ_JSON)
                .withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return json(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    static ResponseDefinitionBuilder stepIds(String id) {
        return json(200, "{\"StepIds\":[\"" + id + "\"]}");
    }

    void stubSequence(Supplier<MappingBuilder> call, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            wireMock.stubFor(call.get()
                    .inScenario("sequence")
                    .whenScenarioStateIs(i == 0 ? STARTED : "after-" + i)
                    .willSetStateTo("after-" + (i + 1))
                    .willReturn(responses[i]));
        }
    }

    /** Submits with 30 s to go; the failure must come from the one AddJobFlowSteps call, with no back-off. */
    AbstractThrowableAssert<?, ? extends Throwable> assertFailsOnTheFirstAttempt() {
        Throwable failure = catchThrowable(() -> submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30))));
        wireMock.verify(1, addJobFlowStepsRequests());
        assertThat(clock.sleeps()).isEmpty();
        return assertThat(failure);
    }

    Instant deadlineIn(Duration duration) {
        return clock.instant().plus(duration);
    }

    @Test
    void shouldSubmitTheSparkSubmitStepAsTheEmrApiExpectsIt() {
        // Given
        wireMock.stubFor(addJobFlowSteps().willReturn(stepIds("s-1ABCDEFGHIJKL")));

        // When
        String stepId = submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30)));

        // Then
        assertThat(stepId).isEqualTo("s-1ABCDEFGHIJKL");
        wireMock.verify(
                1,
                addJobFlowStepsRequests()
                        .withRequestBody(matchingJsonPath("$.Steps[0].ActionOnFailure", equalTo("CONTINUE"))));
        assertThat(clock.sleeps()).isEmpty();
    }

    static Stream<Arguments> retriedFailures() {
        return Stream.of(
                // Throttling means EMR did not add the step: no need to look before retrying
                Arguments.of(
                        "throttling",
                        error(400, "ThrottlingException", "Rate exceeded"),
                        error(400, "ThrottlingException", "Rate exceeded"),
                        0),
                // A 5xx may hide a step EMR added: ListSteps (with only another run's step) first
                Arguments.of(
                        "server errors",
                        error(500, "InternalServerError", "Internal failure"),
                        error(503, "ServiceUnavailable", "try again"),
                        2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retriedFailures")
    void shouldRetryWithGrowingBackoffUntilAccepted(
            String failures, ResponseDefinitionBuilder first, ResponseDefinitionBuilder second, int listStepsCalls) {
        // Given
        stubSequence(EmrStepSubmitterWireMockIT::addJobFlowSteps, first, second, stepIds("s-ACCEPTED"));
        wireMock.stubFor(
                emrCall("ListSteps")
                        .withRequestBody(matchingJsonPath("$.ClusterId", equalTo(CLUSTER_ID)))
                        .willReturn(
                                json(
                                        200,
                                        "{\"Steps\":[{\"Id\":\"s-OTHER\",\"Name\":\"xlake-convert run=20261125T191500Z-000000 query=kpop\"}]}")));

        // When
        String stepId = submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30)));

        // Then
        assertThat(stepId).isEqualTo("s-ACCEPTED");
        wireMock.verify(3, addJobFlowStepsRequests());
        wireMock.verify(listStepsCalls, listStepsRequests());
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void shouldNotSubmitAgainWhenAServerErrorHidAStepEmrCreated() {
        // Given
        wireMock.stubFor(addJobFlowSteps().willReturn(error(500, "InternalServerError", "Internal failure")));
        wireMock.stubFor(emrCall("ListSteps")
                .willReturn(json(
                        200,
                        "{\"Steps\":[{\"Id\":\"s-CREATED\",\"Name\":\"xlake-convert run=20261125T201500Z-3f9a1c query=kpop\","
                                + "\"Status\":{\"State\":\"PENDING\"}}]}")));

        // When
        String stepId = submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30)));

        // Then
        assertThat(stepId).isEqualTo("s-CREATED");
        wireMock.verify(1, addJobFlowStepsRequests());
    }

    @Test
    void shouldNotRetryButReportAnUnknownOutcomeWhenTheLookUpAfterAServerErrorFails() {
        // Given AddJobFlowSteps fails with a 500 (the step may exist) and ListSteps fails too
        wireMock.stubFor(addJobFlowSteps().willReturn(error(500, "InternalServerError", "Internal failure")));
        wireMock.stubFor(emrCall("ListSteps").willReturn(error(503, "ServiceUnavailable", "try again")));

        // When / Then
        assertFailsOnTheFirstAttempt()
                .isInstanceOf(StepOutcomeUnknownException.class)
                .hasMessage("Cannot tell whether EMR cluster " + CLUSTER_ID + " added the step for run " + RUN_ID
                        + ": attempt 1 failed with InternalServerError (HTTP 500) and ListSteps failed with"
                        + " ServiceUnavailable (HTTP 503)");
    }

    @Test
    void shouldTreatInternalServerErrorAsPossiblyAppliedWhateverItsHttpStatus() {
        // Given EMR's InternalServerError (declared without a status in its model) sent with a 400
        stubSequence(
                EmrStepSubmitterWireMockIT::addJobFlowSteps,
                error(400, "InternalServerError", "Internal failure"),
                stepIds("s-AFTERISE"));
        wireMock.stubFor(emrCall("ListSteps").willReturn(json(200, "{\"Steps\":[]}")));

        // When
        String stepId = submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30)));

        // Then it was looked up and retried, not reported as a client error
        assertThat(stepId).isEqualTo("s-AFTERISE");
        wireMock.verify(2, addJobFlowStepsRequests());
        wireMock.verify(1, listStepsRequests());
    }

    @Test
    void shouldFindAStepOfTheRunBeyondTheFirstListStepsPage() {
        // Given the run's step is on the second page of ListSteps
        stubSequence(
                () -> emrCall("ListSteps"),
                json(
                        200,
                        "{\"Steps\":[{\"Id\":\"s-OTHER\",\"Name\":\"xlake-convert run=20261125T211500Z-000000"
                                + " query=kpop\"}],\"Marker\":\"page-2\"}"),
                json(
                        200,
                        "{\"Steps\":[{\"Id\":\"s-EARLIER\",\"Name\":\"xlake-convert run=" + RUN_ID
                                + " query=kpop\"}]}"));

        // When / Then
        assertThat(submitter.findSubmitted(STEP)).contains("s-EARLIER");
        wireMock.verify(1, listStepsRequests().withRequestBody(matchingJsonPath("$.Marker", equalTo("page-2"))));
    }

    @Test
    void shouldNameTheClusterWhenTheLookUpForAnEarlierStepFails() {
        // Given
        wireMock.stubFor(emrCall("ListSteps").willReturn(error(400, "AccessDeniedException", "not authorized")));

        // When / Then
        assertThatThrownBy(() -> submitter.findSubmitted(STEP))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessage("Cannot look for an earlier step of run " + RUN_ID + " on EMR cluster " + CLUSTER_ID
                        + ": ListSteps failed with AccessDeniedException (HTTP 400)");
    }

    @Test
    void shouldGiveUpWhenThrottledUntilTheDeadline() {
        // Given
        wireMock.stubFor(addJobFlowSteps().willReturn(error(400, "ThrottlingException", "Rate exceeded")));

        Instant deadline = deadlineIn(Duration.ofSeconds(20));

        // When
        Throwable failure = catchThrowable(() -> submitter.submit(STEP, deadline));

        // Then
        int attempts = wireMock.findAll(addJobFlowStepsRequests()).size();
        assertThat(failure)
                .isInstanceOf(StepSubmissionException.class)
                .isNotInstanceOf(StepOutcomeUnknownException.class)
                .hasMessageContaining("run " + RUN_ID)
                .hasMessageContaining(CLUSTER_ID)
                .hasMessageContaining("out of time after " + attempts + " attempts")
                .hasMessageContaining("ThrottlingException (HTTP 400)");
        assertThat(clock.sleeps())
                .hasSizeGreaterThan(3)
                .allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(8)));
        assertThat(clock.instant()).isBeforeOrEqualTo(deadline);
        wireMock.verify(clock.sleeps().size() + 1, addJobFlowStepsRequests());
        wireMock.verify(0, listStepsRequests());
    }

    @Test
    void shouldFailLoudlyNamingTheClusterAndItsStateWhenTheClusterIsTerminated() {
        // Given
        wireMock.stubFor(addJobFlowSteps()
                .willReturn(error(
                        400,
                        "ValidationException",
                        "A job flow that is shutting down, terminated, or finished may not be modified.")));
        wireMock.stubFor(emrCall("DescribeCluster")
                .withRequestBody(equalToJson("{\"ClusterId\":\"" + CLUSTER_ID + "\"}"))
                .willReturn(json(
                        200,
                        "{\"Cluster\":{\"Id\":\"" + CLUSTER_ID + "\",\"Name\":\"xlake\",\"Status\":{"
                                + "\"State\":\"TERMINATED\",\"StateChangeReason\":{\"Code\":\"USER_REQUEST\","
                                + "\"Message\":\"Terminated by user request\"}}}}")));

        // When / Then
        assertFailsOnTheFirstAttempt()
                .isInstanceOf(StepSubmissionException.class)
                .hasMessage("Cannot submit step for run " + RUN_ID + ": EMR cluster " + CLUSTER_ID
                        + " (state TERMINATED: Terminated by user request) rejected it with ValidationException:"
                        + " A job flow that is shutting down, terminated, or finished may not be modified.");
    }

    @Test
    void shouldFailLoudlyForAnUnknownClusterId() {
        // Given
        wireMock.stubFor(addJobFlowSteps()
                .willReturn(error(400, "InvalidRequestException", "Specified job flow ID does not exist.")));
        wireMock.stubFor(emrCall("DescribeCluster")
                .willReturn(error(400, "InvalidRequestException", "Cluster id '" + CLUSTER_ID + "' is not valid.")));

        // When / Then
        assertFailsOnTheFirstAttempt()
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("EMR cluster " + CLUSTER_ID
                        + " (state unknown, DescribeCluster failed: InvalidRequestException (HTTP 400))")
                .hasMessageContaining("Specified job flow ID does not exist.");
    }

    @Test
    void shouldNotRetryOtherClientErrors() {
        // Given
        wireMock.stubFor(addJobFlowSteps().willReturn(error(400, "AccessDeniedException", "not authorized")));

        // When / Then
        assertFailsOnTheFirstAttempt()
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("AccessDeniedException (HTTP 400)");
    }

    @Test
    void shouldSendABodyTheEmrApiModelAccepts(@TempDir Path dir) throws Exception {
        // Given
        assumeBotocore();
        wireMock.stubFor(addJobFlowSteps().willReturn(stepIds("s-1ABCDEFGHIJKL")));
        submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30)));
        String body = wireMock.findAll(addJobFlowStepsRequests()).get(0).getBodyAsString();
        Path bodyFile = Files.writeString(dir.resolve("add-job-flow-steps.json"), body);

        // When
        Validation validation = validate("AddJobFlowSteps", bodyFile);

        // Then
        assertThat(validation.exitCode()).as(validation.output()).isZero();
        assertThat(validation.output()).startsWith("valid AddJobFlowSteps request (EMR API 2009-03-31");
    }

    @Test
    void shouldSendListStepsAndDescribeClusterBodiesTheModelAccepts(@TempDir Path dir) throws Exception {
        // Given a 5xx (answered by a ListSteps look-up) and then a terminated cluster (DescribeCluster)
        assumeBotocore();
        stubSequence(
                EmrStepSubmitterWireMockIT::addJobFlowSteps,
                error(500, "InternalServerError", "Internal failure"),
                error(
                        400,
                        "ValidationException",
                        "A job flow that is shutting down, terminated, or finished may not be modified."));
        wireMock.stubFor(emrCall("ListSteps").willReturn(json(200, "{\"Steps\":[]}")));
        wireMock.stubFor(emrCall("DescribeCluster")
                .willReturn(json(
                        200, "{\"Cluster\":{\"Id\":\"" + CLUSTER_ID + "\",\"Status\":{\"State\":\"TERMINATED\"}}}")));
        assertThatThrownBy(() -> submitter.submit(STEP, deadlineIn(Duration.ofSeconds(30))))
                .hasMessageContaining("state TERMINATED");

        // When / Then
        for (String operation : List.of("ListSteps", "DescribeCluster")) {
            String body = wireMock.findAll(postRequestedFor(urlEqualTo("/"))
                            .withHeader("X-Amz-Target", equalTo("ElasticMapReduce." + operation)))
                    .get(0)
                    .getBodyAsString();
            Validation validation = validate(operation, Files.writeString(dir.resolve(operation + ".json"), body));
            assertThat(validation.exitCode())
                    .as(operation + ": " + validation.output())
                    .isZero();
        }
    }

    @Test
    void shouldHaveAValidatorThatRejectsABrokenBody(@TempDir Path dir) throws Exception {
        // Given a body with an unknown ActionOnFailure and no Jar
        assumeBotocore();
        Path bodyFile = Files.writeString(
                dir.resolve("broken.json"),
                EXPECTED_BODY
                        .replace("\"CONTINUE\"", "\"KEEP_GOING\"")
                        .replace("\"Jar\": \"command-runner.jar\",", ""));

        // When
        Validation validation = validate("AddJobFlowSteps", bodyFile);

        // Then
        assertThat(validation.exitCode()).isEqualTo(1);
        assertThat(validation.output())
                .contains("Missing required parameter in Steps[0].HadoopJarStep: \"Jar\"")
                .contains("'KEEP_GOING' is not one of");
    }

    record Validation(int exitCode, String output) {}

    static Validation validate(String operation, Path body)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(EmrStepSubmitterWireMockIT.class
                .getResource("/submit/validate_emr_request.py")
                .toURI());
        Process process = new ProcessBuilder("python3", script.toString(), operation, body.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("validator finished")
                .isTrue();
        return new Validation(process.exitValue(), output);
    }

    static void assumeBotocore() throws InterruptedException {
        int exit;
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import botocore")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            exit = probe.waitFor(30, TimeUnit.SECONDS) ? probe.exitValue() : -1;
        } catch (IOException e) {
            exit = -1;
        }
        Assumptions.assumeTrue(exit == 0, "python3 with botocore is not available");
    }
}
