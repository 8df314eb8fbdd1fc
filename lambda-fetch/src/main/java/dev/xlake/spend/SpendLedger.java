package dev.xlake.spend;

import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** Reads and conditionally writes the per-day spend ledgers ({@link DayLedger}). */
public final class SpendLedger {

    private final ObjectStore store;

    public SpendLedger(ObjectStore store) {
        this.store = store;
    }

    /** A day's ledger with the ETag it was read at ({@code null}: not stored yet). */
    public record Versioned(DayLedger ledger, String etag) {}

    public Versioned load(LocalDate day) {
        String key = RawKeys.spendLedger(day);
        Optional<StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            return new Versioned(DayLedger.empty(day.toString()), null);
        }
        DayLedger ledger =
                Json.read(stored.get().content(), DayLedger.class, "spend ledger s3://" + store.bucket() + "/" + key);
        if (ledger.ledgerVersion() != DayLedger.VERSION) {
            throw new IllegalStateException("Cannot read spend ledger s3://" + store.bucket() + "/" + key
                    + ": unsupported ledger_version " + ledger.ledgerVersion());
        }
        return new Versioned(ledger, stored.get().etag());
    }

    /**
     * @return the ledger as now stored, with its new ETag
     * @throws dev.xlake.s3.ObjectConflictException if another writer changed it since {@code expectedEtag}
     */
    public Versioned save(DayLedger ledger, String expectedEtag) {
        String key = RawKeys.spendLedger(LocalDate.parse(ledger.day()));
        byte[] bytes = Json.toPrettyBytes(ledger);
        String etag = expectedEtag == null
                ? store.putIfAbsent(key, bytes, "application/json", Map.of())
                : store.replaceIfMatch(key, bytes, "application/json", Map.of(), expectedEtag);
        return new Versioned(ledger, etag);
    }
}
