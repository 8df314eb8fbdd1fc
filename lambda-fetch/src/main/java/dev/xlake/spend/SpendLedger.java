package dev.xlake.spend;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;
import dev.xlake.s3.VersionedJson.Versioned;
import java.time.LocalDate;

/** Reads and conditionally writes the per-day spend ledgers ({@link DayLedger}). */
public final class SpendLedger {

    private final VersionedJson<DayLedger> documents;

    public SpendLedger(ObjectStore store) {
        this.documents = new VersionedJson<>(store, DayLedger.class, "spend ledger", DayLedger.FORMAT);
    }

    /** The day's ledger with the ETag it was read at; an empty one, with a {@code null} ETag, if none is stored. */
    public Versioned<DayLedger> load(LocalDate day) {
        return documents
                .load(RawKeys.spendLedger(day))
                .orElseGet(() -> new Versioned<>(DayLedger.empty(day.toString()), null));
    }

    /**
     * @return the ledger as now stored, with its new ETag
     * @throws dev.xlake.s3.ObjectConflictException if another writer changed it since {@code expectedEtag}
     */
    public Versioned<DayLedger> save(DayLedger ledger, String expectedEtag) {
        return documents.save(RawKeys.spendLedger(LocalDate.parse(ledger.day())), ledger, expectedEtag);
    }
}
