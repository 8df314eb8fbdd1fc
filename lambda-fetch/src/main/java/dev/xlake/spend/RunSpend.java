package dev.xlake.spend;

import dev.xlake.config.QuerySpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** The spend of one query run: reserve before each request, count after each page, settle at the end. */
public final class RunSpend {

    private final SpendTracker tracker;
    private final String runId;
    private final QuerySpec spec;
    private final DayLedger.Amount worstCase;
    private LocalDate day;
    private DayLedger.Amount chargedToday = DayLedger.Amount.ZERO;
    private DayLedger.Amount total = DayLedger.Amount.ZERO;
    private boolean open;

    RunSpend(SpendTracker tracker, String runId, QuerySpec spec, DayLedger.Amount worstCase) {
        this.tracker = tracker;
        this.runId = runId;
        this.spec = spec;
        this.worstCase = worstCase;
    }

    /** What this run was charged for, at the configured prices. */
    public DayLedger.Amount total() {
        return total;
    }

    /**
     * Reserves the next request's worst-case cost in today's ledger.
     *
     * @return empty if the request may go ahead; otherwise why not (a budget it could exceed)
     */
    public Optional<String> reserve() {
        LocalDate today = tracker.today();
        if (open && !today.equals(day)) {
            close(); // a run across midnight: what it was charged stays in the day it was charged
        }
        day = today;
        String[] refusal = new String[1];
        tracker.update(today, current -> {
            refusal[0] = refusal(current, today);
            if (refusal[0] != null) {
                return Optional.empty();
            }
            return Optional.of(current.withOpen(
                    runId, new DayLedger.OpenRun(spec.name(), chargedToday, worstCase.usd(), tracker.now())));
        });
        if (refusal[0] == null) {
            open = true;
        }
        return Optional.ofNullable(refusal[0]);
    }

    private String refusal(DayLedger current, LocalDate today) {
        DayLedger others = current.withoutOpen(runId);
        BigDecimal mine = chargedToday.usd().add(worstCase.usd());
        BigDecimal dayAfter = others.totalUsd().add(mine);
        BigDecimal daily = tracker.settings().dailyBudgetUsd();
        if (daily != null && dayAfter.compareTo(daily) > 0) {
            return budget("daily", daily, others.totalUsd().add(chargedToday.usd()));
        }
        BigDecimal monthly = tracker.settings().monthlyBudgetUsd();
        if (monthly != null) {
            BigDecimal before = tracker.monthBefore(today);
            if (before.add(dayAfter).compareTo(monthly) > 0) {
                return budget("monthly", monthly, before.add(others.totalUsd()).add(chargedToday.usd()));
            }
        }
        BigDecimal queryDaily = spec.dailyBudgetUsd();
        if (queryDaily != null && others.queryUsd(spec.name()).add(mine).compareTo(queryDaily) > 0) {
            return budget(
                    "query " + spec.name() + "'s daily",
                    queryDaily,
                    others.queryUsd(spec.name()).add(chargedToday.usd()));
        }
        return null;
    }

    private String budget(String which, BigDecimal budget, BigDecimal spent) {
        return which + " budget of $" + budget.toPlainString() + " would be exceeded: $" + spent.toPlainString()
                + " spent or reserved, the next page could cost up to $"
                + worstCase.usd().toPlainString() + " (" + worstCase.posts() + " posts, " + worstCase.users()
                + " users)";
    }

    /** Counts a page X returned (after the request {@link #reserve()} allowed). */
    public void charge(long posts, long users) {
        DayLedger.Amount amount =
                new DayLedger.Amount(posts, users, tracker.prices().readCost(posts, users));
        chargedToday = chargedToday.plus(amount);
        total = total.plus(amount);
    }

    /** Settles the run in the ledger: its charges stay, its reservation is released. Idempotent. */
    public void close() {
        if (!open) {
            return;
        }
        DayLedger.Amount charged = chargedToday;
        tracker.update(day, current -> Optional.of(current.settle(runId, spec.name(), charged)));
        open = false;
        chargedToday = DayLedger.Amount.ZERO;
    }
}
