package dev.xlake.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.compliance.ComplianceEvent;
import dev.xlake.core.net.RefusingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compliance client and job runner against the emulator's compliance jobs. */
class ComplianceJobRunnerIT extends EmulatorComplianceFixture {

    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    static final String TOKEN = "compliance-it-token";

    ComplianceJobRunner runner;
    List<String> posts;

    ComplianceJobRunnerIT() {
        super(NOW, 11, TOKEN);
    }

    @BeforeEach
    void start() {
        runner = runner(TOKEN, emulator.baseUrl(), 3);
        posts = posts(7);
    }

    @Test
    void shouldChunkIdsToThePerJobLimitAndCollectEveryJobsEvents() throws Exception {
        // Given 7 stored posts, two deleted on X and one geo-scrubbed, and jobs of at most 3 ids
        emulator.compliance().markPost(posts.get(0), "delete", "deleted", NOW.minusSeconds(5));
        emulator.compliance().markPost(posts.get(4), "scrub_geo", "geo_scrubbed", NOW.minusSeconds(5));
        emulator.compliance().markPost(posts.get(6), "delete", "deleted", NOW.minusSeconds(5));

        ComplianceJobRunner.Outcome outcome = runner.run("tweets", posts, "20260110T120000Z-000001");

        // Then three jobs ran one after the other, with 3, 3 and 1 ids
        assertThat(emulator.complianceJobs().uploads())
                .containsExactly(posts.subList(0, 3), posts.subList(3, 6), posts.subList(6, 7));
        assertThat(outcome.jobs()).extracting(j -> j.ids()).containsExactly(3, 3, 1);
        assertThat(outcome.jobs()).extracting(j -> j.status()).containsOnly("complete");
        assertThat(outcome.events())
                .extracting(ComplianceEvent::id, ComplianceEvent::action)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(posts.get(0), "delete"),
                        org.assertj.core.groups.Tuple.tuple(posts.get(4), "scrub_geo"),
                        org.assertj.core.groups.Tuple.tuple(posts.get(6), "delete"));
    }

    @Test
    void shouldStopOnAFailedOrExpiredJob() {
        emulator.complianceJobs().failNext(1);
        assertThatThrownBy(() -> runner.run("tweets", posts, "20260110T120000Z-000001"))
                .isInstanceOf(ComplianceException.class)
                .hasMessageMatching(
                        "Cannot use compliance job \\d+ \\(tweets\\): it ended failed; no table was changed.*");
        clock.advance(Duration.ofMinutes(1));
        emulator.complianceJobs().expireNext(1);
        assertThatThrownBy(() -> runner.run("users", List.of("1", "2"), "20260110T120000Z-000001"))
                .hasMessageContaining("it ended expired");
    }

    @Test
    void shouldNameARejectedUploadAndA401WithoutTheTokenOrTheSignedUrl() {
        emulator.complianceJobs().rejectNextUploads(1);
        assertThatThrownBy(() -> runner.run("tweets", posts, "20260110T120000Z-000001"))
                .hasMessageMatching("Cannot upload 3 ids to compliance job \\d+: X answered 403 Forbidden")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token"));
        assertThatThrownBy(() ->
                        runner(TOKEN + "-wrong", emulator.baseUrl(), 3).run("users", posts, "20260110T120000Z-000001"))
                .hasMessage("Cannot create a users compliance job: X answered 401 Unauthorized")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void shouldNameAnUnreachableX() throws Exception {
        // Given a port that refuses connections
        try (RefusingPort refusing = new RefusingPort()) {
            int port = refusing.port();
            assertThatThrownBy(() -> runner(TOKEN, "http://127.0.0.1:" + port, 3)
                            .run("tweets", posts, "20260110T120000Z-000001"))
                    .hasMessage("Cannot create a tweets compliance job: cannot connect to 127.0.0.1:" + port
                            + " (connection refused)");
        }
    }

    @Test
    void shouldGiveUpOnAJobStillRunningAfterTheWaitLimit() {
        ComplianceJobRunner impatient = new ComplianceJobRunner(
                client(TOKEN),
                pause -> {
                    // time passes, but the job never ends: the emulator's processing outlasts the limit
                },
                clock::instant,
                3,
                Duration.ZERO);
        assertThatThrownBy(() -> impatient.run("tweets", posts, "20260110T120000Z-000001"))
                .hasMessageMatching("Cannot finish compliance job \\d+: still in_progress after PT0S; .*");
    }

    @Test
    void shouldPollAfterOneSecondThenTwiceAsLongUpToThirtySeconds() throws Exception {
        // Given a runner whose waits are recorded as the emulator's time passes
        List<Duration> pauses = new ArrayList<>();
        ComplianceJobRunner recording = new ComplianceJobRunner(
                client(TOKEN),
                pause -> {
                    pauses.add(pause);
                    clock.advance(pause);
                },
                clock::instant,
                7,
                Duration.ofHours(1));

        recording.run("tweets", posts, "20260110T120000Z-000001");

        // Then the polls waited 1 s, 2 s, 4 s, ... never more than 30 s
        assertThat(pauses).isNotEmpty().first().isEqualTo(Duration.ofSeconds(1));
        for (int i = 1; i < pauses.size(); i++) {
            Duration doubled = pauses.get(i - 1).multipliedBy(2);
            assertThat(pauses.get(i))
                    .isEqualTo(doubled.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : doubled);
        }
    }

    private ComplianceJobRunner runner(String token, String baseUrl, int perJob) {
        return new ComplianceJobRunner(
                client(baseUrl, token), clock::advance, clock::instant, perJob, Duration.ofHours(1));
    }
}
