package dev.xlake.convert.compliance;

import dev.xlake.convert.ConvertException;
import dev.xlake.core.compliance.CompliancePass;
import java.util.Map;

/**
 * A compliance pass that committed one table and then failed on the next: the tables that were
 * committed ({@link #committed()}, with their snapshot ids) go into the failed pass's record, so
 * the record says what the lake holds. The next pass completes the rest.
 */
public final class PartiallyAppliedException extends ConvertException {

    private final transient Map<String, CompliancePass.TableChange> committed;

    public PartiallyAppliedException(
            String message, Map<String, CompliancePass.TableChange> committed, Exception cause) {
        super(message, cause);
        this.committed = Map.copyOf(committed);
    }

    /** The changes committed before the failure, by table name. */
    public Map<String, CompliancePass.TableChange> committed() {
        return committed;
    }
}
