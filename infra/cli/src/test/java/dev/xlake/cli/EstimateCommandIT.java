package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.json.Json;
import dev.xlake.emulator.XApiEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code xlake estimate} against the emulator's counts, checked against its ground truth. */
class EstimateCommandIT {

    private XApiEmulator x;
    private final CapturedCli cli = new CapturedCli();

    @BeforeEach
    void start() {
        x = XApiEmulator.builder().bearerToken("cli-token").start();
        cli.<EstimateCommand>command("estimate").environment = Map.of("X_BEARER_TOKEN", "cli-token");
    }

    @AfterEach
    void stop() {
        x.close();
    }

    @Test
    void shouldPrintTheEmulatorsKnownCountAndItsCostAsJson() throws Exception {
        // Given a full-archive window of two days, 20 days back
        Instant end = Instant.now().minus(Duration.ofDays(18)).truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(2));

        // When
        int exit = cli.execute(
                "estimate",
                "--query",
                "kpop",
                "--start",
                start.toString(),
                "--end",
                end.toString(),
                "--x-api-url",
                x.baseUrl(),
                "--json");

        // Then
        assertThat(exit).as(cli.err.toString()).isZero();
        JsonNode line = Json.MAPPER.readTree(cli.out.toString());
        long truth = x.groundTruthIds("kpop", start, end).size();
        assertThat(line.path("total_posts").asLong()).isEqualTo(truth).isPositive();
        assertThat(line.path("endpoint").asText()).isEqualTo("/2/tweets/counts/all");
        // upper bound: 1.3 posts and 1 user per counted post at $0.005 and $0.010
        assertThat(line.path("estimated_cost_usd").decimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(truth * (1.3 * 0.005 + 0.010))
                        .setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(line.path("estimated_cost_usd_low").decimalValue())
                .isLessThan(line.path("estimated_cost_usd").decimalValue());
        assertThat(line.path("per_month_usd_high").decimalValue()).isPositive();
    }

    @Test
    void shouldPrintPostsAndCostPerDayOfTheRecentWindow() {
        int exit = cli.execute("estimate", "--query", "kpop", "--days", "2", "--x-api-url", x.baseUrl());

        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .contains("/2/tweets/counts/recent", " posts  $", "per day $", "per 30-day month");
    }

    @Test
    void shouldExitNonZeroWhenXRefusesTheCount() {
        // Given an account with no credits left
        x.close();
        x = XApiEmulator.builder()
                .bearerToken("cli-token")
                .creditsUsd(java.math.BigDecimal.ZERO)
                .start();

        // When
        int exit = cli.execute("estimate", "--query", "kpop", "--days", "1", "--x-api-url", x.baseUrl());

        // Then
        assertThat(exit).isEqualTo(XlakeCli.EXIT_FAILURE);
        assertThat(cli.err.toString()).startsWith("Cannot estimate: X answered HTTP 402 CreditsDepleted");
    }
}
