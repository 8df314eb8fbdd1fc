package dev.xlake.spend;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;
import java.time.LocalDate;

/** Reads and conditionally writes the per-day spend ledgers ({@link DayLedger}). */
public final class SpendLedger {

    private final VersionedJson<DayLedger> documents;

    public SpendLedger(ObjectStore store) {
        this.documents = new VersionedJson<>(store, DayLedger.class, "spend ledger", DayLedger.FORMAT);
    }

    /** A day's ledger with the ETag it was read at ({@code null}: not stored yet). */
    public record Versioned(DayLedger ledger, String etag) {}

    public Versioned load(LocalDate day) {
        return documents
                .load(RawKeys.spendLedger(day))
                .map(stored -> new Versioned(stored.value(), stored.etag()))
                .orElseGet(() -> new Versioned(DayLedger.empty(day.toString()), null));
    }

    /**
     * @return the ledger as now stored, with its new ETag
     * @throws dev.xlake.s3.ObjectConflictException if another writer changed it since {@code expectedEtag}
     */
    public Versioned save(DayLedger ledger, String expectedEtag) {
        VersionedJson.Versioned<DayLedger> saved =
                documents.save(RawKeys.spendLedger(LocalDate.parse(ledger.day())), ledger, expectedEtag);
        return new Versioned(saved.value(), saved.etag());
    }
}
