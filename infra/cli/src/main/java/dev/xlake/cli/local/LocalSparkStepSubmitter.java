package dev.xlake.cli.local;

import dev.xlake.convert.ConvertOptions;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.Converter;
import dev.xlake.submit.ConvertStep;
import dev.xlake.submit.StepSubmitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The EMR cluster of {@code xlake local}. Like {@code AddJobFlowSteps}, {@link #submit} only
 * queues the step and returns its id; {@link #runPending} then runs every queued step in the run's
 * one SparkSession, as one converter job over all their manifests (the converter takes several,
 * and its output is the same as converting them one by one: one row per key, newest fetch wins).
 * One job per tick instead of one per run saves Spark's fixed cost of several seconds per job.
 */
public final class LocalSparkStepSubmitter implements StepSubmitter {

    /** What running the queued steps did: a summary, or the failure that stopped them all. */
    public record Batch(
            List<ConvertStep> steps, Optional<ConvertSummary> summary, Optional<RuntimeException> failure) {}

    private final Supplier<SparkSession> spark;
    private final String catalog;
    private final List<ConvertStep> queued = new ArrayList<>();

    /**
     * @param spark   started on first use, so a run with nothing to convert never pays for Spark
     * @param catalog the Iceberg catalog of the tables, e.g. {@code jdbc:sqlite:<file>}
     */
    public LocalSparkStepSubmitter(Supplier<SparkSession> spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    @Override
    public synchronized String submit(ConvertStep step, Instant deadline) {
        queued.add(step);
        return "local-" + step.runId();
    }

    /** Converts everything submitted since the last call; empty if nothing was. */
    public synchronized Optional<Batch> runPending() {
        if (queued.isEmpty()) {
            return Optional.empty();
        }
        List<ConvertStep> steps = List.copyOf(queued);
        queued.clear();
        // One service submits all steps, so they share the curated and quarantine locations.
        ConvertOptions options = ConvertOptions.ofManifests(
                        steps.stream().map(ConvertStep::manifestUri).toList(),
                        steps.get(0).curatedUri(),
                        catalog)
                .withQuarantine(steps.get(0).quarantineUri());
        try {
            return Optional.of(new Batch(steps, Optional.of(Converter.run(spark.get(), options)), Optional.empty()));
        } catch (RuntimeException e) {
            return Optional.of(new Batch(steps, Optional.empty(), Optional.of(e)));
        }
    }
}
