package dev.xlake.compliance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.xlake.config.BearerToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the emulator cannot do: X's 429 and 402, a malformed result, signed URLs on another host. */
class HttpComplianceJobClientWireMockIT {

    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance().build();

    /** The host of X's signed upload and download URLs, another origin than the API's. */
    @RegisterExtension
    final WireMockExtension storage = WireMockExtension.newInstance().build();

    ComplianceJobRunner runner;

    @BeforeEach
    void start() {
        runner = new ComplianceJobRunner(
                new HttpComplianceJobClient(
                        URI.create("http://127.0.0.1:" + api.getPort()),
                        BearerToken.of("tok-9", "test"),
                        Duration.ofSeconds(2)),
                pause -> {},
                () -> Instant.EPOCH,
                100,
                Duration.ofMinutes(5));
    }

    @Test
    void shouldSendNoTokenToSignedUrlsOnAnotherHostAndRefuseAMalformedResult() {
        // Given a job whose signed URLs are on another host, and a result cut short
        String job = "{\"data\":{\"id\":\"77\",\"type\":\"tweets\",\"status\":\"%s\","
                + "\"upload_url\":\"http://localhost:" + storage.getPort() + "/up?sig=s3cret\","
                + "\"download_url\":\"http://localhost:" + storage.getPort() + "/down?sig=s3cret\"}}";
        api.stubFor(post(urlPathEqualTo("/2/compliance/jobs"))
                .willReturn(aResponse().withStatus(200).withBody(String.format(job, "created"))));
        api.stubFor(get(urlPathEqualTo("/2/compliance/jobs/77"))
                .willReturn(aResponse().withStatus(200).withBody(String.format(job, "complete"))));
        storage.stubFor(put(urlPathEqualTo("/up")).willReturn(aResponse().withStatus(200)));
        storage.stubFor(get(urlPathEqualTo("/down"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"id\":\"1\",\"action\":\"delete\"}\n{\"id\":\"2\",\"act")));

        assertThatThrownBy(() -> runner.run("tweets", List.of("1", "2"), "20260110T120000Z-000001"))
                .hasMessage("Cannot read line 2 of the result of compliance job 77: not JSON");
        storage.verify(putRequestedFor(urlPathEqualTo("/up"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo("1\n2\n")));
    }

    @Test
    void shouldNameXsStatusAndProblemTitle() {
        api.stubFor(
                post(urlPathEqualTo("/2/compliance/jobs"))
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withBody(
                                                "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));
        assertThatThrownBy(() -> runner.run("tweets", List.of("1"), "20260110T120000Z-000001"))
                .hasMessage("Cannot create a tweets compliance job: X answered 429 Too Many Requests");
        api.stubFor(post(urlPathEqualTo("/2/compliance/jobs"))
                .willReturn(aResponse().withStatus(402).withBody("<html>payment</html>")));
        assertThatThrownBy(() -> runner.run("users", List.of("1"), "20260110T120000Z-000001"))
                .hasMessage("Cannot create a users compliance job: X answered 402");
    }
}
