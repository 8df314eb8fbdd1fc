package dev.xlake.convert.compliance;

import dev.xlake.convert.ConvertException;
import dev.xlake.convert.IcebergLake;
import dev.xlake.core.compliance.ComplianceEvent;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.CompliancePlan;
import dev.xlake.core.compliance.ComplianceResults;
import dev.xlake.core.compliance.PassIds;
import dev.xlake.core.compliance.PassResults;
import dev.xlake.core.json.Json;
import dev.xlake.core.json.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's two halves of a compliance pass on AWS (docs/compliance.md "How it runs on AWS"), each
 * an EMR step; X's jobs run in between, in the compliance function, so the bearer token never
 * reaches the cluster.
 *
 * <ul>
 *   <li>{@link #writeIds}: the stored ids ({@link LakeCompliance#storedIds}) to
 *       {@code state/x/compliance/pass=<id>/ids-<type>-<n>.txt}, at most {@code idsPerJob} per file,
 *       then {@code ids.json} listing them (the compliance function waits for it);
 *   <li>{@link #apply}: the plan from the results the compliance function stored
 *       ({@code results.json}), {@link LakeCompliance#apply}, the pass record, then the pass's
 *       working files removed. A pass already recorded {@code applied} is not applied again.
 * </ul>
 */
public final class PassSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PassSteps.class);

    private PassSteps() {}

    /** Writes the ids of the pass; returns what {@code ids.json} says. */
    public static PassIds writeIds(
            SparkSession spark, String output, String passId, Instant since, int idsPerJob, Instant now) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = PassRecords.root(output);
        LakeCompliance.StoredIds ids = LakeCompliance.storedIds(spark, since);
        List<PassIds.IdFile> files = new ArrayList<>();
        files.addAll(write(conf, root, passId, "tweets", ids.tweets(), idsPerJob));
        files.addAll(write(conf, root, passId, "users", ids.users(), idsPerJob));
        PassIds manifest =
                new PassIds(passId, since == null ? null : Timestamps.iso(since), Timestamps.iso(now), files);
        put(conf, new Path(root, ComplianceKeys.idsManifest(passId)), Json.toPrettyBytes(manifest));
        LOG.info(
                "Compliance pass {}: {} tweet ids and {} user ids in {} files",
                passId,
                ids.tweets().size(),
                ids.users().size(),
                files.size());
        return manifest;
    }

    private static List<PassIds.IdFile> write(
            Configuration conf, Path root, String passId, String type, List<String> ids, int idsPerJob) {
        List<PassIds.IdFile> files = new ArrayList<>();
        for (int from = 0, part = 1; from < ids.size(); from += idsPerJob, part++) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + idsPerJob));
            String key = ComplianceKeys.ids(passId, type, part);
            StringBuilder lines = new StringBuilder(chunk.size() * 20);
            chunk.forEach(id -> lines.append(id).append('\n'));
            put(conf, new Path(root, key), lines.toString().getBytes(StandardCharsets.UTF_8));
            files.add(new PassIds.IdFile(type, part, key, chunk.size()));
        }
        return files;
    }

    /**
     * Applies the pass from its stored results and records it; returns the record. A pass recorded
     * {@code applied} already is returned as recorded, with its working files removed if still there.
     *
     * @throws ConvertException when the results are missing or unreadable (record {@code failed},
     *     no table touched), or a commit failed (record {@code failed} naming what was committed)
     */
    public static CompliancePass apply(
            SparkSession spark, IcebergLake lake, String output, String passId, Instant now) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = PassRecords.root(output);
        Optional<CompliancePass> recorded = read(conf, PassRecords.location(output, passId))
                .map(bytes -> Json.read(bytes, CompliancePass.class, ComplianceKeys.pass(passId)));
        if (recorded.isPresent() && CompliancePass.APPLIED.equals(recorded.get().state())) {
            LOG.info("Compliance pass {} is applied already: nothing to do", passId);
            removeWorkingFiles(conf, root, passId);
            return recorded.get();
        }
        PassResults results = null;
        try {
            results = read(conf, new Path(root, ComplianceKeys.resultsManifest(passId)))
                    .map(bytes -> Json.read(bytes, PassResults.class, ComplianceKeys.resultsManifest(passId)))
                    .orElseThrow(() -> new ConvertException("Cannot apply compliance pass " + passId + ": "
                            + ComplianceKeys.resultsManifest(passId) + " is missing; no table was changed"));
            List<ComplianceEvent> tweets = new ArrayList<>();
            List<ComplianceEvent> users = new ArrayList<>();
            for (PassResults.ResultFile file : results.files()) {
                byte[] body = read(conf, new Path(root, file.key()))
                        .orElseThrow(() -> new ConvertException("Cannot apply compliance pass " + passId + ": "
                                + file.key() + " is missing; no table was changed"));
                List<ComplianceEvent> events =
                        ComplianceResults.parse(file.jobId(), body).events();
                (file.type().equals("users") ? users : tweets).addAll(events);
            }
            CompliancePlan plan = CompliancePlan.of(tweets, users);
            Map<String, CompliancePass.TableChange> changes = LakeCompliance.apply(lake, plan, passId, () -> {});
            CompliancePass pass = new CompliancePass(
                    passId,
                    results.startedAt(),
                    Timestamps.iso(now),
                    results.since(),
                    CompliancePass.APPLIED,
                    results.jobs(),
                    plan.tweetReasons(),
                    plan.userReasons(),
                    changes,
                    null);
            PassRecords.write(conf, output, pass);
            removeWorkingFiles(conf, root, passId);
            return pass;
        } catch (RuntimeException e) {
            CompliancePass failed = new CompliancePass(
                    passId,
                    results == null ? null : results.startedAt(),
                    Timestamps.iso(now),
                    results == null ? null : results.since(),
                    CompliancePass.FAILED,
                    results == null ? List.of() : results.jobs(),
                    Map.of(),
                    Map.of(),
                    e instanceof PartiallyAppliedException partial ? partial.committed() : Map.of(),
                    oneLine(e));
            PassRecords.write(conf, output, failed);
            throw e;
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void removeWorkingFiles(Configuration conf, Path root, String passId) {
        Path folder = new Path(root, ComplianceKeys.passFolder(passId));
        try {
            folder.getFileSystem(conf).delete(folder, true);
        } catch (IOException e) {
            throw new ConvertException(
                    "Cannot remove the working files of compliance pass " + passId + " (" + folder + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static void put(Configuration conf, Path path, byte[] content) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (OutputStream out = fs.create(path, true)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static Optional<byte[]> read(Configuration conf, Path path) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(path)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
