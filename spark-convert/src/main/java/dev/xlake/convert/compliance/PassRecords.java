package dev.xlake.convert.compliance;

import dev.xlake.convert.ConvertException;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes pass records to {@code state/x/compliance/} next to the warehouse: the warehouse is
 * {@code <root>/curated} ({@code s3://bucket/curated} on AWS), the records go under
 * {@code <root>/state/x/compliance/}, beside the fetcher's state.
 */
public final class PassRecords {

    private PassRecords() {}

    /** Where the record of this pass goes, for a warehouse root {@code output}. */
    public static Path location(String output, String passId) {
        return new Path(root(output), ComplianceKeys.pass(passId));
    }

    /** The bucket root of a warehouse root {@code output}: keys of docs/s3-layout.md are relative to it. */
    public static Path root(String output) {
        Path warehouse = new Path(output);
        return warehouse.getParent() == null ? warehouse : warehouse.getParent();
    }

    /** Writes (or replaces) the record; returns where. */
    public static Path write(Configuration conf, String output, CompliancePass pass) {
        Path path = location(output, pass.passId());
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (OutputStream out = fs.create(path, true)) {
                out.write(Json.toPrettyBytes(pass));
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot write the compliance pass record " + path + ": " + e.getMessage(), e);
        }
        return path;
    }
}
