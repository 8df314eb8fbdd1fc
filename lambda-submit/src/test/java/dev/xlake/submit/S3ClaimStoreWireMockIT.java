package dev.xlake.submit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A claim write whose first attempt lands but whose answer is lost: the SDK's retry meets a 412 (or
 * every attempt ends in an I/O error), and the claim found in S3 is byte for byte ours, so it is
 * our claim, not somebody else's.
 */
class S3ClaimStoreWireMockIT {

    static final String RUN_ID = "20261125T201500Z-3f9a1c";
    static final String CLAIM_PATH = "/lake/" + RawKeys.claim(RUN_ID).replace("=", "%3D");
    static final ClaimRecord MINE = ClaimRecord.newClaim(
            RawKeys.parseManifest("lake", RawKeys.manifest("kpop", RUN_ID)).orElseThrow(),
            "my-token",
            Instant.parse("2026-11-25T20:15:05.123Z"));

    final WireMockServer s3 = new WireMockServer(options().dynamicPort());
    S3Client client;
    S3ClaimStore claims;

    @BeforeEach
    void start() {
        s3.start();
        client = S3Clients.fromEnv(LocalS3.clientEnv(s3.baseUrl(), "us-east-1", "test", "test"));
        claims = new S3ClaimStore(new S3ObjectStore(client, "lake"));
    }

    @AfterEach
    void stop() {
        client.close();
        s3.stop();
    }

    @Test
    void shouldOwnAClaimWhoseFirstWriteLandedAndWhoseRetryMetA412() {
        // Given the first PUT is applied but its connection drops, and the retry is refused
        s3.stubFor(put(urlPathEqualTo(CLAIM_PATH))
                .inScenario("lost answer")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("applied"));
        s3.stubFor(put(urlPathEqualTo(CLAIM_PATH))
                .inScenario("lost answer")
                .whenScenarioStateIs("applied")
                .willReturn(preconditionFailed()));
        givenStoredClaim(MINE);

        // When / Then
        assertThat(claims.createIfAbsent(MINE)).contains("\"stored\"");
        s3.verify(2, putRequestedFor(urlPathEqualTo(CLAIM_PATH)).withHeader("If-None-Match", equalTo("*")));
    }

    @Test
    void shouldOwnAClaimWhoseEveryWriteAttemptEndedInAnIoError() {
        // Given the claim is in S3 but every answer to our PUTs was lost
        s3.stubFor(put(urlPathEqualTo(CLAIM_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        givenStoredClaim(MINE);

        // When / Then
        assertThat(claims.createIfAbsent(MINE)).contains("\"stored\"");
    }

    @Test
    void shouldNotOwnSomebodyElsesClaimBehindA412() {
        // Given
        s3.stubFor(put(urlPathEqualTo(CLAIM_PATH)).willReturn(preconditionFailed()));
        givenStoredClaim(ClaimRecord.newClaim(
                RawKeys.parseManifest("lake", RawKeys.manifest("kpop", RUN_ID)).orElseThrow(),
                "their-token",
                MINE.claimedAt()));

        // When / Then
        assertThat(claims.createIfAbsent(MINE)).isEmpty();
    }

    private void givenStoredClaim(ClaimRecord claim) {
        s3.stubFor(get(urlPathEqualTo(CLAIM_PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"stored\"")
                        .withHeader("Content-Type", "application/json")
                        .withBody(claim.toJson(new ObjectMapper()))));
    }

    private static ResponseDefinitionBuilder preconditionFailed() {
        return aResponse()
                .withStatus(412)
                .withBody("<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you "
                        + "specified did not hold</Message></Error>");
    }
}
