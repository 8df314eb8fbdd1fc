package dev.xlake.spend;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.xlake.s3.VersionedJson.FormatVersion;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * One UTC day of the spend ledger ({@code state/x/spend/day=<date>.json}, docs/s3-layout.md):
 * what every query was charged for, as settled runs folded into per-query totals, plus the runs
 * still open, each with what it has been charged so far and what its next request may cost at
 * worst ({@code reserved_usd}). A run that dies leaves its reservation counted: the ledger errs
 * towards spent, never towards unspent.
 *
 * <p>Immutable: every change returns a new ledger, written back with a conditional write.
 */
@JsonPropertyOrder({"ledger_version", "day", "total_usd", "settled", "open"})
public record DayLedger(int ledgerVersion, String day, Map<String, Amount> settled, Map<String, OpenRun> open) {

    public static final int VERSION = 1;

    /** Where a stored DayLedger says its version, for {@link dev.xlake.s3.VersionedJson}. */
    public static final FormatVersion<DayLedger> FORMAT =
            new FormatVersion<>("ledger_version", DayLedger::ledgerVersion, VERSION);

    public DayLedger {
        settled = new TreeMap<>(settled == null ? Map.of() : settled);
        open = new TreeMap<>(open == null ? Map.of() : open);
    }

    public static DayLedger empty(String day) {
        return new DayLedger(VERSION, day, Map.of(), Map.of());
    }

    /** Resources returned and their cost at the prices of the time they were charged. */
    public record Amount(long posts, long users, BigDecimal usd) {

        public static final Amount ZERO = new Amount(0, 0, BigDecimal.ZERO);

        public Amount plus(Amount other) {
            return new Amount(posts + other.posts, users + other.users, usd.add(other.usd));
        }
    }

    /** A run of one query that has reserved or been charged in this day and not settled yet. */
    public record OpenRun(String queryName, Amount charged, BigDecimal reservedUsd, String updatedAt) {

        /** What counts against budgets: charged plus the worst case of the request under way. */
        public BigDecimal committedUsd() {
            return charged.usd().add(reservedUsd);
        }
    }

    /** Settled and charged so far, plus open reservations. */
    @JsonProperty("total_usd")
    public BigDecimal totalUsd() {
        BigDecimal total = BigDecimal.ZERO;
        for (Amount amount : settled.values()) {
            total = total.add(amount.usd());
        }
        for (OpenRun run : open.values()) {
            total = total.add(run.committedUsd());
        }
        return total;
    }

    /** The same for one query. */
    public BigDecimal queryUsd(String queryName) {
        BigDecimal total = settled.getOrDefault(queryName, Amount.ZERO).usd();
        for (OpenRun run : open.values()) {
            if (run.queryName().equals(queryName)) {
                total = total.add(run.committedUsd());
            }
        }
        return total;
    }

    public DayLedger withOpen(String runId, OpenRun run) {
        Map<String, OpenRun> newOpen = new TreeMap<>(open);
        newOpen.put(runId, run);
        return new DayLedger(VERSION, day, settled, newOpen);
    }

    public DayLedger withoutOpen(String runId) {
        Map<String, OpenRun> newOpen = new TreeMap<>(open);
        newOpen.remove(runId);
        return new DayLedger(VERSION, day, settled, newOpen);
    }

    /** The run's charges move into its query's settled total; its reservation is released. */
    public DayLedger settle(String runId, String queryName, Amount charged) {
        Map<String, Amount> newSettled = new TreeMap<>(settled);
        newSettled.merge(queryName, charged, Amount::plus);
        Map<String, OpenRun> newOpen = new TreeMap<>(open);
        newOpen.remove(runId);
        return new DayLedger(VERSION, day, newSettled, newOpen);
    }
}
