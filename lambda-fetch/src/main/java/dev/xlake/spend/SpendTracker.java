package dev.xlake.spend;

import dev.xlake.config.QuerySpec;
import dev.xlake.config.SpendSettings;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.spend.Prices;
import dev.xlake.s3.ObjectConflictException;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson.Versioned;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

/**
 * One invocation's view of the spend ledger, shared by all its query runs: before each request a
 * run reserves the request's worst-case cost in today's {@link DayLedger} (and is refused if that
 * could take the day, the month or the query's day over its budget), after each page it counts
 * what X returned, and when it ends it settles. Every change is a read-modify-write with a
 * conditional write; a run's entry is keyed by its run id and set, never added to, so a write
 * repeated after a lost answer or a conflict changes nothing twice.
 *
 * <p>Worst case of one page (docs/fetch.md): {@code 3 × max_results} posts (each post of
 * {@code data} plus at most two referenced posts, a quoted and a replied-to one) and, when user
 * objects are requested, {@code 3 × max_results} users (the authors of those posts). Mentioned
 * users beyond them are not bounded by X; a page with more users than that overspends by the
 * difference, and the ledger records what was really returned.
 */
public final class SpendTracker {

    /** Conflicting writers (overlapping invocations) are rare; more than this many in a row is a fault. */
    static final int MAX_CONFLICTS = 5;

    private final SpendLedger ledger;
    private final InstantSource clock;
    private final SpendSettings settings;
    private Versioned<DayLedger> cached;
    private LocalDate monthBeforeFor;
    private BigDecimal monthBefore;

    public SpendTracker(ObjectStore store, InstantSource clock, SpendSettings settings) {
        this.ledger = new SpendLedger(store);
        this.clock = clock;
        this.settings = settings;
    }

    public Prices prices() {
        return settings.prices();
    }

    /** Posts and users one page of {@code maxResults} can carry at most. */
    public static DayLedger.Amount worstCase(int maxResults, boolean expandUsers, Prices prices) {
        long posts = 3L * maxResults;
        long users = expandUsers ? 3L * maxResults : 0;
        return new DayLedger.Amount(posts, users, prices.readCost(posts, users));
    }

    public RunSpend startRun(String runId, QuerySpec spec, int maxResults) {
        return new RunSpend(this, runId, spec, worstCase(maxResults, spec.expandUsers(), settings.prices()));
    }

    /** The deployment's spend (with open reservations) in today's UTC day and calendar month. */
    public synchronized Totals totals() {
        LocalDate today = today();
        Versioned<DayLedger> now = ledger.load(today);
        cached = now;
        BigDecimal day = now.value().totalUsd();
        return new Totals(today.toString(), day, monthBefore(today).add(day));
    }

    public record Totals(String day, BigDecimal todayUsd, BigDecimal monthUsd) {}

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    String now() {
        return Timestamps.iso(clock.instant());
    }

    /**
     * Applies {@code change} to {@code day}'s ledger and writes it back, re-reading and re-applying
     * after a conflicting write. {@code change} answers empty to write nothing.
     *
     * @return whether something was written
     */
    synchronized boolean update(LocalDate day, Function<DayLedger, Optional<DayLedger>> change) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Versioned<DayLedger> current =
                    cached != null && cached.value().day().equals(day.toString()) ? cached : ledger.load(day);
            Optional<DayLedger> changed = change.apply(current.value());
            if (changed.isEmpty()) {
                cached = current;
                return false;
            }
            try {
                cached = ledger.save(changed.get(), current.etag());
                return true;
            } catch (ObjectConflictException e) {
                cached = null; // another invocation wrote: read its version and decide again
            }
        }
        throw new IllegalStateException(
                "Cannot update spend ledger of " + day + ": " + MAX_CONFLICTS + " conflicting writes in a row");
    }

    /** Read-only decisions need the same fresh view; {@link #update} answers empty to write nothing. */
    BigDecimal monthBefore(LocalDate day) {
        if (!day.equals(monthBeforeFor)) {
            BigDecimal sum = BigDecimal.ZERO;
            for (LocalDate d = day.withDayOfMonth(1); d.isBefore(day); d = d.plusDays(1)) {
                sum = sum.add(ledger.load(d).value().totalUsd());
            }
            monthBefore = sum;
            monthBeforeFor = day;
        }
        return monthBefore;
    }

    SpendSettings settings() {
        return settings;
    }
}
