package dev.xlake.config;

import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.EnvReader;
import dev.xlake.core.spend.Prices;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What requests cost and how much may be spent: the price table and the deployment-wide budgets
 * per UTC day and per UTC calendar month (null: no limit). Per-query daily budgets are in
 * {@link QuerySpec}.
 */
public record SpendSettings(Prices prices, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd) {

    /** Today's published prices, no budget. */
    public static final SpendSettings UNLIMITED = new SpendSettings(Prices.DEFAULT, null, null);

    public SpendSettings {
        Objects.requireNonNull(prices, "prices");
        checkBudget(dailyBudgetUsd, "daily budget");
        checkBudget(monthlyBudgetUsd, "monthly budget");
    }

    public SpendSettings withBudgets(BigDecimal daily, BigDecimal monthly) {
        return new SpendSettings(prices, daily, monthly);
    }

    /** The price table and budgets from these variables alone ({@code xlake estimate}). */
    public static SpendSettings fromEnvironment(java.util.Map<String, String> env) {
        EnvReader reader = new EnvReader("spend", env);
        SpendSettings settings = fromEnv(reader);
        reader.throwIfAny();
        return settings;
    }

    static SpendSettings fromEnv(EnvReader reader) {
        BigDecimal daily = reader.parse(EnvNames.DAILY_BUDGET_USD, null, SpendSettings::dollars);
        BigDecimal monthly = reader.parse(EnvNames.MONTHLY_BUDGET_USD, null, SpendSettings::dollars);
        Prices prices = Prices.DEFAULT;
        prices = prices.withPostRead(
                reader.parse(EnvNames.PRICE_POST_READ_USD, prices.postReadUsd(), SpendSettings::dollars));
        prices = prices.withUserRead(
                reader.parse(EnvNames.PRICE_USER_READ_USD, prices.userReadUsd(), SpendSettings::dollars));
        String asOf = reader.parse(EnvNames.PRICES_AS_OF, prices.asOf(), SpendSettings::isoDate);
        return new SpendSettings(prices.asOf(asOf), daily, monthly);
    }

    /** A non-negative amount of US dollars, e.g. {@code 25} or {@code 0.50}. */
    public static BigDecimal dollars(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "must be an amount of US dollars such as 25 or 0.50, got '" + text + "'");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("must be >= 0, got " + text);
        }
        return value;
    }

    private static String isoDate(String text) {
        try {
            return java.time.LocalDate.parse(text).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO date such as 2026-12-05, got '" + text + "'");
        }
    }

    private static void checkBudget(BigDecimal budget, String what) {
        if (budget != null && budget.signum() < 0) {
            throw new IllegalArgumentException("Cannot configure fetch: " + what + " must be >= 0, got " + budget);
        }
    }
}
