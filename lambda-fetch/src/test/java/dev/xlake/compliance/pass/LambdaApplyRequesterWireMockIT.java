package dev.xlake.compliance.pass;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.xlake.compliance.ComplianceException;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The apply request as Lambda's Invoke API sees it: path, invocation type, SigV4 for "lambda", the answers. */
class LambdaApplyRequesterWireMockIT {

    private static final String FUNCTION = "xlake-submit:live";
    private static final String PATH = "/2015-03-31/functions/xlake-submit(:|%3A)live/invocations";
    private static final String PASS = "20261205T000000Z-000000";

    private final WireMockServer wireMock =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private LambdaApplyRequester requester;

    @BeforeEach
    void start() {
        wireMock.start();
        requester = new LambdaApplyRequester(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-example")),
                "eu-west-1",
                URI.create(wireMock.baseUrl()),
                FUNCTION);
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    @Test
    void invokesTheSubmitFunctionSynchronouslyWithASignedRequestAndReturnsTheStepId() {
        wireMock.stubFor(post(urlPathMatching(PATH))
                .willReturn(
                        aResponse().withStatus(200).withBody("{\"status\":\"SUBMITTED\",\"step_id\":\"s-APPLY1\"}")));

        assertThat(requester.requestApply(PASS)).isEqualTo("s-APPLY1");

        wireMock.verify(postRequestedFor(urlPathMatching(PATH))
                .withHeader("X-Amz-Invocation-Type", equalTo("RequestResponse"))
                .withHeader(
                        "Authorization",
                        matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/lambda/aws4_request, "
                                + "SignedHeaders=.*, Signature=[0-9a-f]{64}"))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withRequestBody(equalToJson("{\"job\":\"compliance-apply\",\"pass\":\"" + PASS + "\"}")));
    }

    @Test
    void aFunctionErrorIsAFailureNamingItsMessage() {
        wireMock.stubFor(post(urlPathMatching(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("X-Amz-Function-Error", "Unhandled")
                        .withBody("{\"errorMessage\":\"Cannot submit job compliance-apply-x: EMR refused\"}")));

        assertThatThrownBy(() -> requester.requestApply(PASS))
                .isInstanceOf(ComplianceException.class)
                .hasMessage("Cannot request the apply step of compliance pass " + PASS + " from " + FUNCTION
                        + ": it failed: Cannot submit job compliance-apply-x: EMR refused; the next invocation asks"
                        + " again");
    }

    @Test
    void aRefusalByLambdaAndAnAnswerWithoutStepIdAreFailures() {
        wireMock.stubFor(post(urlPathMatching(PATH))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"Message\":\"User is not authorized to perform: lambda:InvokeFunction\"}")));
        assertThatThrownBy(() -> requester.requestApply(PASS))
                .hasMessageContaining(
                        "Lambda answered HTTP 403 User is not authorized to perform: lambda:InvokeFunction");

        wireMock.resetAll();
        wireMock.stubFor(post(urlPathMatching(PATH))
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"IN_PROGRESS\"}")));
        assertThatThrownBy(() -> requester.requestApply(PASS))
                .hasMessageEndingWith("answered IN_PROGRESS without a step id");
    }

    @Test
    void anUnreachableLambdaIsAFailureTheNextInvocationRetries() {
        int port = wireMock.port();
        wireMock.stop();
        LambdaApplyRequester unreachable = new LambdaApplyRequester(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-example")),
                "eu-west-1",
                URI.create("http://127.0.0.1:" + port),
                FUNCTION);

        assertThatThrownBy(() -> unreachable.requestApply(PASS))
                .isInstanceOf(ComplianceException.class)
                .hasMessageContaining("the next invocation asks again")
                .hasMessageNotContaining("secret-example");
    }
}
