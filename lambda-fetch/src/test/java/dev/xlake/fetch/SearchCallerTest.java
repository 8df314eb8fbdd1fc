package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.time.FakeTime;
import dev.xlake.core.time.Timing;
import dev.xlake.xapi.FakeXApi;
import dev.xlake.xapi.RecentSearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchCallerTest {

    final FakeTime time = new FakeTime(Instant.parse("2026-11-25T20:00:00Z"));
    final FakeXApi x = new FakeXApi(time);
    final RecentSearchRequest request = new RecentSearchRequest("#kpop", 10, null, null, null, null);

    SearchCaller caller(int maxRetries) {
        return new SearchCaller(
                x, new RateLimitGate(time), new Timing(time, time, new Random(3)), maxRetries, Duration.ofSeconds(10));
    }

    @Test
    void shouldKeepBackoffWithinHalfAndFullOfTheCappedExponential() {
        SearchCaller caller = caller(10);
        for (int failure = 1; failure <= 10; failure++) {
            long full = Math.min(500L << (failure - 1), 16_000L);
            assertThat(caller.backoff(failure).toMillis()).isBetween(full / 2, full);
        }
    }

    @Test
    void shouldGiveUpAfterMaxRetriesWithTheLastFailure() throws Exception {
        x.fault(FakeXApi.status(500), new FakeXApi.Fault.Timeout(), FakeXApi.status(503));

        SearchOutcome outcome = caller(2).call(request, TimeBudget.from(time, Duration.ofMinutes(5)));

        assertThat(outcome).isEqualTo(new SearchOutcome.RetriesExhausted(3, "HTTP 503"));
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void shouldReportATimeoutAsATimeout() throws Exception {
        x.fault(new FakeXApi.Fault.Timeout());

        SearchOutcome outcome = caller(0).call(request, TimeBudget.from(time, Duration.ofMinutes(5)));

        assertThat(outcome).isEqualTo(new SearchOutcome.RetriesExhausted(1, "timeout: HttpTimeoutException"));
    }

    @Test
    void shouldStopRatherThanSleepPastTheBudget() throws Exception {
        x.fault(FakeXApi.status(503));

        SearchOutcome outcome = caller(3).call(request, TimeBudget.from(time, Duration.ofSeconds(10)));

        assertThat(outcome).isInstanceOf(SearchOutcome.OutOfTime.class);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void shouldNotSendWhenLessThanOneRequestTimeoutIsLeft() throws Exception {
        SearchOutcome outcome = caller(3).call(request, TimeBudget.from(time, Duration.ofSeconds(9)));

        assertThat(outcome).isInstanceOf(SearchOutcome.OutOfTime.class);
        assertThat(x.requests()).isEmpty();
    }

    @Test
    void shouldReportARejectionWithXsProblemDetails() throws Exception {
        x.fault(FakeXApi.problem(403, "Forbidden", "Your app is not enrolled"));

        SearchOutcome outcome = caller(3).call(request, TimeBudget.from(time, Duration.ofMinutes(1)));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SearchOutcome.Rejected.class,
                        r -> assertThat(r.problem().describe())
                                .isEqualTo("HTTP 403 Forbidden: Your app is not enrolled"));
        assertThat(x.requests()).hasSize(1);
    }
}
