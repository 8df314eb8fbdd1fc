package dev.xlake.convert.compliance;

import dev.xlake.convert.ConvertException;
import dev.xlake.core.compliance.CompliancePass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's compliance change as one Iceberg row delta, without Spark: the rows to change are
 * read with Iceberg's generic reader from the table's current snapshot (only rows whose {@code id}
 * is reported, or whose {@code author_id} is a gone account), then each partition holding such a
 * row gets one equality delete file on {@code id} (what the users upsert writes, see the
 * converter's {@code NewerRowsUpsert}) and, when it holds scrubbed posts, one data file with those
 * rows again, {@code place_id} null. Deletes and data files are committed together: an equality
 * delete applies to data files of earlier sequence numbers only, so it removes the stored rows
 * and leaves the rewritten ones.
 *
 * <p>The counts are the rows the reader found, which are the rows the commit removes or rewrites:
 * the commit validates, from the snapshot that was read, that no data or delete file that could
 * hold a reported id or author was committed meanwhile (a concurrent conversion or maintenance);
 * if one was, the files are deleted and the change is planned again on the new snapshot.
 */
final class RowDeltaChange {

    private static final Logger LOG = LoggerFactory.getLogger(RowDeltaChange.class);
    static final String GEO_COLUMN = "place_id";
    private static final String AUTHOR_COLUMN = "author_id";

    private RowDeltaChange() {}

    /**
     * Deletes the rows whose {@code id} is in {@code deleteIds} or whose author is in
     * {@code goneAuthors}, and nulls the geo of the other rows whose {@code id} is in
     * {@code scrubIds}; commits nothing when no row would change.
     *
     * @param beforeCommit runs after the files are written, before each commit attempt
     */
    static CompliancePass.TableChange commit(
            Table table,
            Set<String> deleteIds,
            Set<String> scrubIds,
            Set<String> goneAuthors,
            String passId,
            int attempts,
            Consumer<Table> beforeCommit) {
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            Snapshot base = table.currentSnapshot();
            Expression filter = filter(table.schema(), deleteIds, scrubIds, goneAuthors);
            if (base == null || filter.op() == Expression.Operation.FALSE) {
                return nothing(table, passId);
            }
            if (table.specs().size() > 1) {
                throw new ConvertException("Cannot apply compliance pass " + passId + " to " + table.name()
                        + ": it has " + table.specs().size() + " partition specs; equality deletes need one");
            }
            Planned planned = plan(table, base, filter, deleteIds, scrubIds, goneAuthors);
            if (planned.deleted() + planned.updated() == 0) {
                return nothing(table, passId);
            }
            Written written = write(table, planned, passId, attempt);
            try {
                beforeCommit.accept(table);
                RowDelta delta = table.newRowDelta()
                        .validateFromSnapshot(base.snapshotId())
                        .conflictDetectionFilter(filter)
                        .validateNoConflictingDataFiles()
                        .validateNoConflictingDeleteFiles()
                        .set(LakeCompliance.PASS_PROPERTY, passId);
                written.data().forEach(delta::addRows);
                written.deletes().forEach(delta::addDeletes);
                delta.commit();
            } catch (ValidationException | CommitFailedException e) {
                written.deleteQuietly(table);
                if (attempt == attempts) {
                    throw new ConvertException(
                            "Cannot commit compliance pass " + passId + " to " + table.name()
                                    + ": concurrent commits conflicted " + attempts
                                    + " times; the next pass completes it",
                            e);
                }
                LOG.info("{}: a concurrent commit conflicted; planning the compliance commit again", table.name());
                continue;
            }
            long snapshotId = table.currentSnapshot().snapshotId();
            LOG.info(
                    "{}: compliance pass {} deleted {} rows, updated {} (snapshot {})",
                    table.name(),
                    passId,
                    planned.deleted(),
                    planned.updated(),
                    snapshotId);
            return new CompliancePass.TableChange(snapshotId, planned.deleted(), planned.updated());
        }
    }

    private static CompliancePass.TableChange nothing(Table table, String passId) {
        LOG.info("{}: nothing to change for compliance pass {}", table.name(), passId);
        return new CompliancePass.TableChange(null, 0, 0);
    }

    /** The rows that may change: a reported id, or (where the table has authors) a gone author. */
    static Expression filter(Schema schema, Set<String> deleteIds, Set<String> scrubIds, Set<String> goneAuthors) {
        List<String> ids = new ArrayList<>(deleteIds);
        ids.addAll(scrubIds);
        Expression filter = ids.isEmpty() ? Expressions.alwaysFalse() : Expressions.in("id", ids.toArray());
        if (!goneAuthors.isEmpty() && schema.findField(AUTHOR_COLUMN) != null) {
            filter = Expressions.or(filter, Expressions.in(AUTHOR_COLUMN, goneAuthors.toArray()));
        }
        return filter;
    }

    /** What one partition changes: the ids its equality delete file holds, the rows written again. */
    private record PartitionChange(PartitionKey partition, List<String> ids, List<Record> rewritten) {}

    private record Planned(Map<String, PartitionChange> partitions, long deleted, long updated) {}

    private static Planned plan(
            Table table,
            Snapshot base,
            Expression filter,
            Set<String> deleteIds,
            Set<String> scrubIds,
            Set<String> goneAuthors) {
        Schema schema = table.schema();
        boolean hasAuthors = schema.findField(AUTHOR_COLUMN) != null;
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        PartitionKey key = new PartitionKey(table.spec(), schema);
        Map<String, PartitionChange> partitions = new LinkedHashMap<>();
        long deleted = 0;
        long updated = 0;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
                .useSnapshot(base.snapshotId())
                .where(filter)
                .build()) {
            for (Record row : rows) {
                String id = (String) row.getField("id");
                boolean delete = deleteIds.contains(id)
                        || (hasAuthors && goneAuthors.contains((String) row.getField(AUTHOR_COLUMN)));
                boolean scrub = !delete && scrubIds.contains(id) && row.getField(GEO_COLUMN) != null;
                if (!delete && !scrub) {
                    continue;
                }
                key.partition(wrapper.wrap(row));
                PartitionChange change = partitions.computeIfAbsent(
                        key.toPath(), path -> new PartitionChange(key.copy(), new ArrayList<>(), new ArrayList<>()));
                change.ids().add(id);
                if (delete) {
                    deleted++;
                } else {
                    Record scrubbed = row.copy();
                    scrubbed.setField(GEO_COLUMN, null);
                    change.rewritten().add(scrubbed);
                    updated++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConvertException("Cannot read " + table.name() + " for compliance: " + e.getMessage(), e);
        }
        return new Planned(partitions, deleted, updated);
    }

    /** The files of one attempt, not committed yet. */
    private record Written(List<DataFile> data, List<DeleteFile> deletes) {

        void deleteQuietly(Table table) {
            List<String> locations = new ArrayList<>();
            data.forEach(file -> locations.add(file.location()));
            deletes.forEach(file -> locations.add(file.location()));
            for (String location : locations) {
                try {
                    table.io().deleteFile(location);
                } catch (RuntimeException e) {
                    // an uncommitted file: maintenance removes it as an orphan
                    LOG.debug("Cannot delete uncommitted file {}: {}", location, e.toString());
                }
            }
        }
    }

    /**
     * The table's write properties (compression, Parquet settings), less the metrics ones: the
     * factory takes those from the table itself (full metrics for {@code id}).
     */
    private static Map<String, String> writeProperties(Table table) {
        Map<String, String> properties = new LinkedHashMap<>(table.properties());
        properties.keySet().removeIf(key -> key.startsWith("write.metadata.metrics."));
        return properties;
    }

    private static Written write(Table table, Planned planned, String passId, int attempt) {
        Schema schema = table.schema();
        Schema idOnly = schema.select("id");
        PartitionSpec spec = table.spec();
        GenericAppenderFactory factory = new GenericAppenderFactory(
                table,
                schema,
                spec,
                writeProperties(table),
                new int[] {schema.findField("id").fieldId()},
                idOnly,
                null);
        OutputFileFactory files = OutputFileFactory.builderFor(table, 0, attempt)
                .format(FileFormat.PARQUET)
                .operationId("compliance-" + passId + "-" + UUID.randomUUID())
                .build();
        List<DataFile> data = new ArrayList<>();
        List<DeleteFile> deletes = new ArrayList<>();
        try {
            for (PartitionChange change : planned.partitions().values()) {
                EqualityDeleteWriter<Record> deleteWriter = factory.newEqDeleteWriter(
                        files.newOutputFile(spec, change.partition()), FileFormat.PARQUET, change.partition());
                try (deleteWriter) {
                    GenericRecord keyRow = GenericRecord.create(idOnly);
                    for (String id : change.ids()) {
                        deleteWriter.write(keyRow.copy("id", id));
                    }
                }
                deletes.add(deleteWriter.toDeleteFile());
                if (!change.rewritten().isEmpty()) {
                    DataWriter<Record> dataWriter = factory.newDataWriter(
                            files.newOutputFile(spec, change.partition()), FileFormat.PARQUET, change.partition());
                    try (dataWriter) {
                        change.rewritten().forEach(dataWriter::write);
                    }
                    data.add(dataWriter.toDataFile());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            new Written(data, deletes).deleteQuietly(table);
            throw new ConvertException(
                    "Cannot write the compliance changes of " + table.name() + ": " + e.getMessage(), e);
        }
        return new Written(data, deletes);
    }
}
