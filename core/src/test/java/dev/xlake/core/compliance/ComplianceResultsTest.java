package dev.xlake.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceResultsTest {

    @Test
    void shouldReadEventsAndCountErrorLines() {
        // Given X's documented line shapes, a blank line and an invalid-id error line
        String body = """
                {"id":"1","action":"delete","created_at":"2024-01-10T12:00:00.000Z","redacted_at":"2024-01-12T08:30:00.000Z","reason":"deleted"}
                {"id":"2","action":"scrub_geo","created_at":"2024-01-10T12:00:00.000Z","redacted_at":null,"reason":"geo_scrubbed"}

                {"id":"x1","error":"invalid_id"}
                {"id":"3","action":"delete","deleted_at":"2024-01-13T14:20:00.000Z","reason":"suspended"}
                """;

        ComplianceResults.Parsed parsed = ComplianceResults.parse("j1", body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.events())
                .containsExactly(
                        new ComplianceEvent("1", "delete", "deleted", Instant.parse("2024-01-12T08:30:00Z")),
                        new ComplianceEvent("2", "scrub_geo", "geo_scrubbed", null),
                        new ComplianceEvent("3", "delete", "suspended", Instant.parse("2024-01-13T14:20:00Z")));
        assertThat(parsed.errors()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheWholeResultOnAMalformedLineWithoutQuotingIt() {
        String body = "{\"id\":\"1\",\"action\":\"delete\",\"reason\":\"deleted\"}\n{\"id\":\"secret-ish\",\"action\":";
        assertThatThrownBy(() -> ComplianceResults.parse("j9", body.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Cannot read line 2 of the result of compliance job j9: not JSON");
    }

    @Test
    void shouldRefuseAnUnknownActionOrANonNumericId() {
        assertThatThrownBy(() -> ComplianceResults.parse(
                        "j", "{\"id\":\"1\",\"action\":\"shred\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1")
                .hasMessageContaining("action shred");
        assertThatThrownBy(() -> ComplianceResults.parse(
                        "j", "{\"id\":\"a\",\"action\":\"delete\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not numeric");
    }

    @Test
    void shouldPlanDeletesGeoScrubsAndUserDeletionsKeepingTheStrongestEventPerId() {
        // Given a post reported twice (two overlapping jobs), a rehydrate and a gone account
        List<ComplianceEvent> tweets = List.of(
                new ComplianceEvent("1", "scrub_geo", "geo_scrubbed", null),
                new ComplianceEvent("1", "delete", "deleted", null),
                new ComplianceEvent("2", "scrub_geo", "geo_scrubbed", null),
                new ComplianceEvent("4", "rehydrate", "tweet_edited", null));
        List<ComplianceEvent> users = List.of(new ComplianceEvent("9", "delete", "suspended", null));

        CompliancePlan plan = CompliancePlan.of(tweets, users);

        assertThat(plan.deleteTweets()).containsExactly("1");
        assertThat(plan.scrubGeoTweets()).containsExactly("2");
        assertThat(plan.deleteUsers()).containsExactly("9");
        assertThat(plan.tweetReasons())
                .isEqualTo(Map.of("delete:deleted", 1L, "scrub_geo:geo_scrubbed", 1L, "rehydrate:tweet_edited", 1L));
        assertThat(plan.userReasons()).isEqualTo(Map.of("delete:suspended", 1L));
        assertThat(CompliancePlan.of(List.of(), List.of()).isEmpty()).isTrue();
    }

    @Test
    void shouldKeepPassRecordsUnderTheStatePrefix() {
        assertThat(ComplianceKeys.pass("20261205T103000Z-0a1b2c"))
                .isEqualTo("state/x/compliance/pass=20261205T103000Z-0a1b2c.json");
        assertThatThrownBy(() -> ComplianceKeys.pass("../x")).hasMessageContaining("Cannot use pass id ../x");
    }
}
