package dev.xlake.compliance.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.xlake.compliance.ComplianceException;
import dev.xlake.compliance.ComplianceHandler;
import dev.xlake.compliance.EmulatorComplianceFixture;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.PassIds;
import dev.xlake.core.json.Json;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.testing.CapturedLogs;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compliance function's handler with its real X client and S3 store, against the X API
 * emulator's compliance jobs (with its faults) and an embedded S3: invocation after invocation as
 * the 5-minute schedule would make them.
 */
class ComplianceFunctionEmulatorIT extends EmulatorComplianceFixture {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    static final Instant NOW = Instant.parse("2026-12-05T04:30:00Z");
    static final String TOKEN = "compliance-function-it-token";
    static final String PASS = ComplianceKeys.dailyPassId(LocalDate.parse("2026-12-05"));

    S3ObjectStore lake;
    List<String> applyRequests = new ArrayList<>();
    List<String> posts;

    ComplianceFunctionEmulatorIT() {
        super(NOW, 7, TOKEN);
    }

    @BeforeEach
    void start() {
        String bucket = "lake-" + System.nanoTime();
        S3.createBucket(bucket);
        lake = S3.storeIn(bucket);
        posts = posts(5);
    }

    ComplianceHandler handler(String token) {
        CompliancePassMachine machine = new CompliancePassMachine(
                lake,
                client(token),
                passId -> {
                    applyRequests.add(passId);
                    return "s-apply";
                },
                clock::instant,
                Duration.ofHours(24));
        return new ComplianceHandler(() -> machine, clock::instant);
    }

    /** One scheduled invocation, then five minutes pass. */
    Map<String, Object> invoke(ComplianceHandler handler) {
        try {
            return handler.handleRequest(Map.of("source", "xlake.schedule"), context());
        } finally {
            clock.advance(Duration.ofMinutes(5));
        }
    }

    void idsStep(List<String> tweets, List<String> users) {
        String tweetsKey = ComplianceKeys.ids(PASS, "tweets", 1);
        String usersKey = ComplianceKeys.ids(PASS, "users", 1);
        lake.putIfAbsent(tweetsKey, lines(tweets), "text/plain", Map.of());
        lake.putIfAbsent(usersKey, lines(users), "text/plain", Map.of());
        lake.putIfAbsent(
                ComplianceKeys.idsManifest(PASS),
                Json.toPrettyBytes(new PassIds(
                        PASS,
                        null,
                        NOW.toString(),
                        List.of(
                                new PassIds.IdFile("tweets", 1, tweetsKey, tweets.size()),
                                new PassIds.IdFile("users", 1, usersKey, users.size())))),
                "application/json",
                Map.of());
    }

    @Test
    void shouldRunThePassAgainstTheEmulatorWithoutTheTokenOrASignedUrlInLogsOrObjects() throws Exception {
        // Given the ids of five posts and two users, one post deleted and one user suspended on X
        idsStep(posts, List.of("11", "12"));
        emulator.compliance().markPost(posts.get(1), "delete", "deleted", NOW.minusSeconds(60));
        ComplianceHandler handler = handler(TOKEN);

        // When the schedule invokes the function until the apply step is requested
        List<Map<String, Object>> answers = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 4 && applyRequests.isEmpty(); i++) {
                answers.add(invoke(handler));
            }

            // Then one tweets and one users job ran, the results are stored and the apply step requested once
            assertThat(applyRequests).containsExactly(PASS);
            assertThat(emulator.complianceJobs().uploads()).containsExactly(posts, List.of("11", "12"));
            assertThat(text(ComplianceKeys.results(PASS, "tweets", 1)))
                    .contains("\"id\":\"" + posts.get(1) + "\"")
                    .contains("\"action\":\"delete\"");
            assertThat(answers.get(answers.size() - 1)).containsEntry("state", PassState.APPLY_REQUESTED);

            // And neither the token nor a signed URL is in a log line or a stored object
            assertThat(logs.all())
                    .doesNotContain(TOKEN)
                    .doesNotContain("/upload")
                    .doesNotContain("/download");
        }
        for (String key : List.of(
                ComplianceKeys.CURRENT,
                ComplianceKeys.resultsManifest(PASS),
                ComplianceKeys.results(PASS, "tweets", 1),
                ComplianceKeys.results(PASS, "users", 1))) {
            assertThat(text(key))
                    .doesNotContain(TOKEN)
                    .doesNotContain("/upload")
                    .doesNotContain("/download");
        }
    }

    @Test
    void shouldEndThePassFailedOnAnExpiredJobAndRecordIt() {
        idsStep(posts, List.of("11"));
        emulator.complianceJobs().expireNext(1);
        ComplianceHandler handler = handler(TOKEN);

        invoke(handler);
        Map<String, Object> answer = invoke(handler);

        assertThat(answer).containsEntry("state", PassState.FAILED);
        CompliancePass record =
                Json.read(lake.get(ComplianceKeys.pass(PASS)).orElseThrow().content(), CompliancePass.class, "record");
        assertThat(record.state()).isEqualTo(CompliancePass.FAILED);
        assertThat(record.error()).contains("it ended expired");
        assertThat(applyRequests).isEmpty();
        assertThat(lake.get(ComplianceKeys.ids(PASS, "tweets", 1))).isEmpty();
    }

    @Test
    void shouldFailTheInvocationOnARejectedUploadOrA401AndGoOnOnceXAccepts() {
        idsStep(posts, List.of("11"));
        emulator.complianceJobs().rejectNextUploads(1);

        assertThatThrownBy(() -> invoke(handler(TOKEN)))
                .hasMessageMatching("Cannot upload 5 ids to compliance job \\d+: X answered 403 Forbidden");
        assertThatThrownBy(() -> invoke(handler(TOKEN + "-revoked")))
                .hasMessage("Cannot create a tweets compliance job: X answered 401 Unauthorized")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));

        // the state kept the pending job; X refuses a new job (409) while the job whose upload it
        // rejected is active, until that one expires unused (15 minutes), then the pass goes on
        ComplianceHandler handler = handler(TOKEN);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 8 && applyRequests.isEmpty(); i++) {
            try {
                outcomes.add(String.valueOf(invoke(handler).get("state")));
            } catch (ComplianceException e) {
                outcomes.add(e.getMessage());
            }
        }
        assertThat(outcomes)
                .first()
                .asString()
                .isEqualTo("Cannot create a tweets compliance job: X answered 409 Conflict");
        assertThat(applyRequests).containsExactly(PASS);
    }

    String text(String key) {
        return new String(lake.get(key).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    static byte[] lines(List<String> ids) {
        return (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Context context() {
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 300_000;
                    case "getAwsRequestId" -> "req-1";
                    case "getFunctionName" -> "xlake-compliance";
                    default -> null;
                });
    }
}
