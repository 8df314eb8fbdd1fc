package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final XApiEmulator emulator = XApiEmulator.builder()
            .seed(7)
            .clock(EmulatorClock.fixed(NOW))
            .tweetsPerMinute(2)
            .cachedTweets(100)
            .complianceRates(new ComplianceSchedule.Rates(0.05, 0.5, 0.05))
            .build();

    @Test
    void shouldGiveEveryQuerysGroundTruthInOnePassAsOneQueryAtATimeAndTheJobsAnswerForEach() {
        // Given two queries over two days
        Map<String, String> queries = Map.of("kpop", "#kpop OR #BTS", "crypto", "(#Bitcoin OR $BTC) -is:retweet");
        Instant from = NOW.minus(Duration.ofDays(2));

        // When
        Map<String, List<GroundTruthTweet>> truth = emulator.groundTruth(queries, from, NOW);

        // Then each query's tweets are those of the one-query ground truth, ascending
        queries.forEach((name, query) -> assertThat(truth.get(name))
                .extracting(GroundTruthTweet::id)
                .isNotEmpty()
                .containsExactlyElementsOf(emulator.groundTruthIds(query, from, NOW)));
        // ... and what the schedule says of each is what a tweets job reports for its id
        List<GroundTruthTweet> all =
                truth.values().stream().flatMap(List::stream).toList();
        for (GroundTruthTweet tweet : all) {
            assertThat(emulator.compliance().post(tweet, NOW))
                    .as(tweet.id())
                    .isEqualTo(emulator.compliance().post(Long.parseLong(tweet.id()), NOW));
        }
        assertThat(all.stream().map(t -> emulator.compliance().post(t, NOW)))
                .extracting(e -> e.map(ComplianceSchedule.Event::action))
                .contains(Optional.of(ComplianceSchedule.DELETE), Optional.of(ComplianceSchedule.SCRUB_GEO));
    }
}
