package dev.xlake.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The "my own earlier attempt already succeeded" rule: a conditional PUT answered 412 whose
 * object holds exactly our bytes is a success, and a conditional DELETE answered 412 whose object
 * is gone is done. S3Proxy 4.1 with the url-connection client was seen to drop a PUT's connection
 * after applying it, so the SDK's retry meets the 412.
 */
class S3ObjectStoreWireMockIT {

    static final String KEY_PATH = "/lake/state/x/recent-search/query%3Dkpop/checkpoint.json";
    static final byte[] OURS = "{\"since_id\":\"2\"}".getBytes(StandardCharsets.UTF_8);

    final WireMockServer s3 = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    S3ObjectStore store;

    @BeforeEach
    void start() {
        s3.start();
        S3Client client = S3Clients.fromEnv(LocalS3.clientEnv(s3.baseUrl(), "us-east-1", "test", "test"));
        store = new S3ObjectStore(client, "lake");
        s3.stubFor(put(urlPathEqualTo(KEY_PATH))
                .willReturn(aResponse()
                        .withStatus(412)
                        .withBody(
                                "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you "
                                        + "specified did not hold</Message></Error>")));
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    @Test
    void shouldTreatA412OverOurOwnBytesAsSuccess() {
        s3.stubFor(get(urlPathEqualTo(KEY_PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"abc\"")
                        .withBody(OURS)));

        String etag = store.replaceIfMatch(
                "state/x/recent-search/query=kpop/checkpoint.json", OURS, "application/json", Map.of(), "\"old\"");

        assertThat(etag).isEqualTo("\"abc\"");
        s3.verify(putRequestedFor(urlPathEqualTo(KEY_PATH)).withHeader("If-Match", equalTo("\"old\"")));
    }

    @Test
    void shouldReportA412OverSomeoneElsesBytesAsAConflict() {
        s3.stubFor(get(urlPathEqualTo(KEY_PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"theirs\"")
                        .withBody("{\"since_id\":\"3\"}")));

        assertThatThrownBy(() -> store.putIfAbsent(
                        "state/x/recent-search/query=kpop/checkpoint.json", OURS, "application/json", Map.of()))
                .isInstanceOf(ObjectConflictException.class)
                .hasMessage("Cannot write s3://lake/state/x/recent-search/query=kpop/checkpoint.json: "
                        + "it already exists (HTTP 412)");
        s3.verify(putRequestedFor(urlPathEqualTo(KEY_PATH)).withHeader("If-None-Match", equalTo("*")));
    }

    @Test
    void shouldTreatA412OnDeleteAfterWhichTheObjectIsGoneAsDeleted() {
        givenDeleteRefusedThenReadBackAs(aResponse().withStatus(404).withBody("<Error><Code>NoSuchKey</Code></Error>"));

        store.deleteIfMatch("state/x/recent-search/query=kpop/checkpoint.json", "\"old\"");

        s3.verify(deleteRequestedFor(urlPathEqualTo(KEY_PATH)).withHeader("If-Match", equalTo("\"old\"")));
    }

    @Test
    void shouldReportA412OnDeleteOverAnotherVersionAsAConflict() {
        givenDeleteRefusedThenReadBackAs(
                aResponse().withStatus(200).withHeader("ETag", "\"theirs\"").withBody(OURS));

        assertThatThrownBy(() -> store.deleteIfMatch("state/x/recent-search/query=kpop/checkpoint.json", "\"old\""))
                .isInstanceOf(ObjectConflictException.class)
                .hasMessage("Cannot delete s3://lake/state/x/recent-search/query=kpop/checkpoint.json: "
                        + "it changed since ETag \"old\" (HTTP 412)");
    }

    private void givenDeleteRefusedThenReadBackAs(ResponseDefinitionBuilder current) {
        s3.stubFor(delete(urlPathEqualTo(KEY_PATH))
                .willReturn(aResponse().withStatus(412).withBody("<Error><Code>PreconditionFailed</Code></Error>")));
        s3.stubFor(get(urlPathEqualTo(KEY_PATH)).willReturn(current));
    }
}
