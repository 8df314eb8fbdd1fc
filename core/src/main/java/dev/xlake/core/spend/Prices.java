package dev.xlake.core.spend;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * X's pay-per-use rates in US dollars, with the date (ISO, {@code asOf}) they were read from X's pricing page, so a
 * cost in a manifest can be traced to the table it was computed with (docs/fetch.md, "What it
 * costs"). Reads are charged per resource returned, counts per request.
 *
 * <p>Money is {@link BigDecimal}: sums of half-cent prices must not drift.
 */
@JsonPropertyOrder({"post_read_usd", "user_read_usd", "counts_recent_usd", "counts_all_usd", "as_of"})
public record Prices(
        BigDecimal postReadUsd,
        BigDecimal userReadUsd,
        BigDecimal countsRecentUsd,
        BigDecimal countsAllUsd,
        String asOf) {

    /** docs.x.com/x-api/getting-started/pricing as read on 2026-12-05 (docs/measured-facts.md). */
    public static final Prices DEFAULT = new Prices(
            new BigDecimal("0.005"),
            new BigDecimal("0.010"),
            new BigDecimal("0.005"),
            new BigDecimal("0.010"),
            "2026-12-05");

    public Prices {
        Objects.requireNonNull(asOf, "asOf");
        LocalDate.parse(asOf); // an ISO date, or DateTimeParseException (an IllegalArgumentException)
        // Normalised so that a table read back from JSON equals the one written.
        postReadUsd = checked(postReadUsd);
        userReadUsd = checked(userReadUsd);
        countsRecentUsd = checked(countsRecentUsd);
        countsAllUsd = checked(countsAllUsd);
    }

    private static BigDecimal checked(BigDecimal price) {
        if (price == null || price.signum() < 0) {
            throw new IllegalArgumentException("Cannot use price table: prices must be >= 0, got " + price);
        }
        return price.stripTrailingZeros();
    }

    /** What {@code posts} post reads and {@code users} user reads cost, before X's daily deduplication. */
    public BigDecimal readCost(long posts, long users) {
        return postReadUsd.multiply(BigDecimal.valueOf(posts)).add(userReadUsd.multiply(BigDecimal.valueOf(users)));
    }

    public Prices withPostRead(BigDecimal usd) {
        return new Prices(usd, userReadUsd, countsRecentUsd, countsAllUsd, asOf);
    }

    public Prices withUserRead(BigDecimal usd) {
        return new Prices(postReadUsd, usd, countsRecentUsd, countsAllUsd, asOf);
    }

    public Prices asOf(String date) {
        return new Prices(postReadUsd, userReadUsd, countsRecentUsd, countsAllUsd, date);
    }
}
