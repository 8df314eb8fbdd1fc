package dev.xlake.compliance.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.compliance.ComplianceException;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.PassIds;
import dev.xlake.core.compliance.PassResults;
import dev.xlake.core.json.Json;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.ForwardingObjectStore;
import dev.xlake.s3.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compliance function's pass, invocation by invocation, with an in-memory lake, X and clock. */
class CompliancePassMachineTest {

    static final Instant START = Instant.parse("2026-12-05T04:30:00Z");
    static final String PASS = ComplianceKeys.dailyPassId(LocalDate.parse("2026-12-05"));
    static final Duration TICK = Duration.ofMinutes(5);

    final FakeTime clock = new FakeTime(START);
    final InMemoryObjectStore memory = new InMemoryObjectStore("lake");
    final CrashAfterPut lake = new CrashAfterPut(memory);
    final FakeComplianceX x = new FakeComplianceX(clock, Duration.ofMinutes(3));
    final RecordingApply apply = new RecordingApply();
    final CompliancePassMachine machine = new CompliancePassMachine(lake, x, apply, clock, Duration.ofHours(24));

    /** The submit function: one step per pass however often asked (its claim). */
    static final class RecordingApply implements ApplyRequester {
        final List<String> requests = new ArrayList<>();

        @Override
        public String requestApply(String passId) {
            requests.add(passId);
            return "s-" + passId.hashCode();
        }
    }

    /** Dies right after the n-th successful put of a matching key, as a Lambda killed there would. */
    static final class CrashAfterPut extends ForwardingObjectStore {
        Predicate<String> matches = key -> false;
        int remaining;
        Runnable beforeNextReplace = () -> {};

        CrashAfterPut(InMemoryObjectStore delegate) {
            super(delegate);
        }

        void crashAfter(Predicate<String> keyMatches, int n) {
            matches = keyMatches;
            remaining = n;
        }

        @Override
        public String putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
            return crashIfDue(key, super.putIfAbsent(key, content, contentType, metadata));
        }

        @Override
        public String replaceIfMatch(
                String key, byte[] content, String contentType, Map<String, String> metadata, String etag) {
            Runnable interference = beforeNextReplace;
            beforeNextReplace = () -> {};
            interference.run();
            return crashIfDue(key, super.replaceIfMatch(key, content, contentType, metadata, etag));
        }

        private String crashIfDue(String key, String etag) {
            if (matches.test(key) && --remaining == 0) {
                throw new IllegalStateException("killed after writing " + key);
            }
            return etag;
        }
    }

    /** What the ids step writes: one file per job, then ids.json. */
    void idsStep(String passId, List<List<String>> tweetParts, List<List<String>> userParts) {
        List<PassIds.IdFile> files = new ArrayList<>();
        write(passId, "tweets", tweetParts, files);
        write(passId, "users", userParts, files);
        memory.putIfAbsent(
                ComplianceKeys.idsManifest(passId),
                Json.toPrettyBytes(new PassIds(passId, null, START.toString(), files)),
                "application/json",
                Map.of());
    }

    private void write(String passId, String type, List<List<String>> parts, List<PassIds.IdFile> files) {
        for (int i = 0; i < parts.size(); i++) {
            String key = ComplianceKeys.ids(passId, type, i + 1);
            memory.putIfAbsent(
                    key,
                    (String.join("\n", parts.get(i)) + "\n").getBytes(StandardCharsets.UTF_8),
                    "text/plain",
                    Map.of());
            files.add(new PassIds.IdFile(type, i + 1, key, parts.get(i).size()));
        }
    }

    CompliancePassMachine.Report invoke() throws Exception {
        CompliancePassMachine.Report report = machine.advance(clock.instant().plus(Duration.ofMinutes(4)));
        clock.advance(TICK);
        return report;
    }

    PassState current() {
        return new PassStateStore(memory).load().orElseThrow().state();
    }

    String text(String key) {
        return new String(memory.get(key).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    /** The apply step's side: it writes the pass record. */
    void applyStepRecords(String state, String error) {
        memory.putIfAbsent(
                ComplianceKeys.pass(PASS),
                Json.toPrettyBytes(new CompliancePass(
                        PASS, null, null, null, state, List.of(), Map.of(), Map.of(), Map.of(), error)),
                "application/json",
                Map.of());
    }

    @Test
    void shouldDoNothingWithoutIds() throws Exception {
        CompliancePassMachine.Report report = invoke();

        assertThat(report.passId()).isNull();
        assertThat(report.steps()).isEmpty();
        assertThat(memory.get(ComplianceKeys.CURRENT)).isEmpty();
    }

    @Test
    void shouldRunThePassOneJobAtATimeAcrossInvocationsThenRequestTheApplyStep() throws Exception {
        // Given the ids step wrote two tweet files and one user file; X reports a deletion, a scrub and a suspension
        idsStep(PASS, List.of(List.of("101", "102"), List.of("103")), List.of(List.of("9")));
        x.mark("102", "delete", "deleted");
        x.mark("103", "scrub_geo", "geo_scrubbed");
        x.mark("9", "delete", "suspended");

        // When the schedule invokes the function: the pass opens, the first job is created and uploaded to
        CompliancePassMachine.Report first = invoke();
        assertThat(first.steps()).hasSize(3);
        assertThat(first.steps().get(0)).isEqualTo("opened with 3 jobs (4 ids)");
        assertThat(first.steps().get(1)).matches("job \\d+ \\(tweets-1\\) created, 2 ids uploaded");
        assertThat(first.steps().get(2)).matches("job \\d+ in_progress");
        assertThat(current().state()).isEqualTo(PassState.JOBS);
        assertThat(current().jobs().get(0).status()).isEqualTo("in_progress");

        // Then each later invocation finishes a job and starts the next (X takes 3 minutes per job)
        invoke();
        invoke();
        CompliancePassMachine.Report fourth = invoke();
        assertThat(x.uploads()).containsExactly(List.of("101", "102"), List.of("103"), List.of("9"));
        assertThat(fourth.steps()).last().asString().startsWith("apply step s-");
        assertThat(fourth.state()).isEqualTo(PassState.APPLY_REQUESTED);
        assertThat(apply.requests).containsExactly(PASS);

        // And the results are stored beside the pass, listed for the apply step
        assertThat(text(ComplianceKeys.results(PASS, "tweets", 1))).contains("\"id\":\"102\"");
        assertThat(text(ComplianceKeys.results(PASS, "users", 1))).contains("\"reason\":\"suspended\"");
        PassResults results = Json.read(
                memory.get(ComplianceKeys.resultsManifest(PASS)).orElseThrow().content(), PassResults.class, "r");
        assertThat(results.files())
                .extracting(PassResults.ResultFile::key)
                .containsExactly(
                        ComplianceKeys.results(PASS, "tweets", 1),
                        ComplianceKeys.results(PASS, "tweets", 2),
                        ComplianceKeys.results(PASS, "users", 1));
        assertThat(results.jobs()).extracting(CompliancePass.Job::events).containsExactly(1, 1, 1);
        // no signed URL is kept in the state
        assertThat(text(ComplianceKeys.CURRENT)).doesNotContain("signature", "upload.example");

        // When the apply step has not recorded the pass yet, the function waits
        assertThat(invoke().steps()).isEmpty();

        // When it has, the pass is applied and counted once
        applyStepRecords(CompliancePass.APPLIED, null);
        CompliancePassMachine.Report applied = invoke();
        assertThat(applied.state()).isEqualTo(PassState.APPLIED);
        assertThat(applied.endedApplied()).isTrue();
        assertThat(invoke().endedApplied()).isFalse();
        assertThat(apply.requests).containsExactly(PASS);

        // And the next day's ids open the next pass
        clock.advance(Duration.ofDays(1));
        String next = ComplianceKeys.dailyPassId(LocalDate.parse("2026-12-06"));
        idsStep(next, List.of(List.of("101")), List.of());
        assertThat(invoke().passId()).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed", "expired"})
    void shouldEndThePassFailedWhenAJobFailsOrExpiresWithoutAskingForTheApplyStep(String ending) throws Exception {
        // Given the users job ends failed or expired on X
        idsStep(PASS, List.of(List.of("101")), List.of(List.of("9")));
        x.endNextJob("complete");
        x.endNextJob(ending);

        invoke();
        invoke();
        CompliancePassMachine.Report report = invoke();

        // Then the pass ends failed, with a record naming the job, its working files gone, no apply step
        assertThat(report.state()).isEqualTo(PassState.FAILED);
        assertThat(report.endedFailed()).isTrue();
        assertThat(current().error())
                .matches("Cannot use compliance job \\d+ \\(users\\): it ended " + ending
                        + "; no table was changed, the next pass asks again");
        CompliancePass record =
                Json.read(memory.get(ComplianceKeys.pass(PASS)).orElseThrow().content(), CompliancePass.class, "p");
        assertThat(record.state()).isEqualTo(CompliancePass.FAILED);
        assertThat(record.jobs()).extracting(CompliancePass.Job::status).containsExactly("complete", ending);
        assertThat(memory.keys(ComplianceKeys.passFolder(PASS))).isEmpty();
        assertThat(apply.requests).isEmpty();

        // And the next invocation leaves it so, counting it once
        CompliancePassMachine.Report after = invoke();
        assertThat(after.steps()).isEmpty();
        assertThat(after.endedFailed()).isFalse();
    }

    @Test
    void shouldEndThePassFailedOnAMalformedResultNamingTheLineNotItsContent() throws Exception {
        idsStep(PASS, List.of(List.of("101")), List.of());
        x.answerWith("{\"id\":\"101\",\"action\":\"delete\"}\nnot json at all secret-content\n");

        invoke();
        CompliancePassMachine.Report report = invoke();

        assertThat(report.state()).isEqualTo(PassState.FAILED);
        assertThat(current().error())
                .matches("Cannot read line 2 of the result of compliance job \\d+: not JSON; no table was changed.*")
                .doesNotContain("secret-content");
        assertThat(apply.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Cannot create a tweets compliance job: X answered 401 Unauthorized",
                "Cannot create a tweets compliance job: X answered 402 Payment Required",
                "Cannot create a tweets compliance job: X answered 429 Too Many Requests",
                "Cannot create a tweets compliance job: cannot connect to api.x.com:443 (connection refused)"
            })
    void shouldFailTheInvocationOnARefusalOrOutageKeepTheStateAndRetryNextTime(String refusal) throws Exception {
        // Given X refuses the first create
        idsStep(PASS, List.of(List.of("101")), List.of());
        invoke(); // opens and starts the job: X is fine
        String started = current().jobs().get(0).jobId();
        x.refuseNext(refusal);

        // When the next invocation polls
        assertThatThrownBy(this::invoke).isInstanceOf(ComplianceException.class).hasMessage(refusal);

        // Then the state is as it was, and the invocation after that goes on
        assertThat(current().state()).isEqualTo(PassState.JOBS);
        assertThat(current().jobs().get(0).jobId()).isEqualTo(started);
        assertThat(invoke().state()).isEqualTo(PassState.APPLY_REQUESTED);
    }

    @Test
    void shouldRetryARefusedCreateOnTheNextInvocation() throws Exception {
        idsStep(PASS, List.of(List.of("101")), List.of());
        x.refuseNext("Cannot create a tweets compliance job: X answered 429 Too Many Requests");

        assertThatThrownBy(this::invoke).hasMessageContaining("429");
        // the pass opened before the refusal; its job is still pending
        assertThat(current().jobs().get(0).status()).isEqualTo(PassState.JobState.PENDING);

        invoke();
        assertThat(invoke().state()).isEqualTo(PassState.APPLY_REQUESTED);
        assertThat(x.uploads()).hasSize(1);
    }

    @Test
    void shouldResumeAfterAKillBetweenStoringAResultAndWritingTheState() throws Exception {
        // Given an invocation killed right after storing the result, before the state says so
        idsStep(PASS, List.of(List.of("101", "102")), List.of());
        x.mark("102", "delete", "deleted");
        invoke();
        lake.crashAfter(key -> key.equals(ComplianceKeys.results(PASS, "tweets", 1)), 1);
        assertThatThrownBy(this::invoke).hasMessageContaining("killed after writing");
        assertThat(current().jobs().get(0).isStored()).isFalse();

        // When the next invocation runs, it downloads again, stores the same result and goes on
        CompliancePassMachine.Report report = invoke();

        assertThat(report.state()).isEqualTo(PassState.APPLY_REQUESTED);
        assertThat(text(ComplianceKeys.results(PASS, "tweets", 1))).contains("\"id\":\"102\"");
        assertThat(x.uploads()).hasSize(1);
    }

    @Test
    void shouldAskForTheApplyStepAgainAfterAKillBeforeRecordingItTheClaimMakesItOneStep() throws Exception {
        idsStep(PASS, List.of(List.of("101")), List.of());
        invoke();
        // killed after the apply request, at the state write
        lake.crashAfter(key -> key.equals(ComplianceKeys.CURRENT), 3);
        assertThatThrownBy(this::invoke).hasMessageContaining("killed after writing");
        assertThat(apply.requests).hasSize(1);

        CompliancePassMachine.Report report = invoke();

        // the write landed before the kill, so the next invocation only waits for the record
        assertThat(report.state()).isEqualTo(PassState.APPLY_REQUESTED);
        assertThat(apply.requests).hasSize(1);
    }

    @Test
    void shouldFailAJobStillRunningAfterTheWaitLimit() throws Exception {
        CompliancePassMachine impatient = new CompliancePassMachine(lake, x, apply, clock, Duration.ofMinutes(2));
        idsStep(PASS, List.of(List.of("101")), List.of());
        impatient.advance(clock.instant().plusSeconds(60));
        clock.advance(Duration.ofMinutes(2));

        CompliancePassMachine.Report report = impatient.advance(clock.instant().plusSeconds(60));

        assertThat(report.state()).isEqualTo(PassState.FAILED);
        assertThat(current().error())
                .matches("Cannot finish compliance job \\d+ \\(tweets\\): still in_progress after"
                        + " PT2M; no table was changed, the next pass asks again");
    }

    @Test
    void shouldFailThePassWhenTheApplyStepRecordsAFailureOrNothingWithinTwelveHours() throws Exception {
        idsStep(PASS, List.of(List.of("101")), List.of());
        invoke();
        invoke();
        applyStepRecords(CompliancePass.FAILED, "Cannot commit compliance pass: conflict");
        CompliancePassMachine.Report failed = invoke();
        assertThat(failed.state()).isEqualTo(PassState.FAILED);
        assertThat(failed.endedFailed()).isTrue();
        assertThat(current().error()).isEqualTo("Cannot commit compliance pass: conflict");

        // the next day's apply step writes nothing
        clock.advance(Duration.ofDays(1));
        String next = ComplianceKeys.dailyPassId(LocalDate.parse("2026-12-06"));
        idsStep(next, List.of(List.of("101")), List.of());
        invoke();
        invoke();
        clock.advance(CompliancePassMachine.APPLY_TIMEOUT);
        CompliancePassMachine.Report silent = invoke();
        assertThat(silent.state()).isEqualTo(PassState.FAILED);
        assertThat(current().error()).startsWith("Cannot finish compliance pass " + next + ": its apply step s-");
    }

    @Test
    void shouldStopWhenAnotherInvocationAdvancedThePassMeanwhile() throws Exception {
        idsStep(PASS, List.of(List.of("101")), List.of());
        invoke();
        // another invocation rewrites the state between this one's read and write
        lake.beforeNextReplace = () -> memory.overwrite(
                ComplianceKeys.CURRENT,
                memory.get(ComplianceKeys.CURRENT).orElseThrow().content());

        assertThatThrownBy(this::invoke).isInstanceOf(dev.xlake.s3.ObjectConflictException.class);
    }
}
