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
 *
 * <p>Every conversion catches up ({@code ConvertOptions#catchUpDays}): it also converts the recent
 * runs not yet in the tables' ledgers, whoever's step they were. So the queue may live in memory
 * only: the runs of a step that failed, or of a process that was killed, are converted by the next
 * conversion, in this process or the next one.
 */
public final class LocalSparkStepSubmitter implements StepSubmitter {

    /** What running the queued steps did: a summary, or the failure that stopped them all. */
    public record Batch(
            List<ConvertStep> steps, Optional<ConvertSummary> summary, Optional<RuntimeException> failure) {}

    private final Supplier<SparkSession> spark;
    private final String catalog;
    private final String curatedUri;
    private final String quarantineUri;
    private final List<ConvertStep> queued = new ArrayList<>();

    /**
     * @param spark   started on first use, so a run with nothing to convert never pays for Spark
     * @param catalog the Iceberg catalog of the tables, e.g. {@code jdbc:sqlite:<file>}
     * @param curatedUri the tables' warehouse, beside the raw pages' folder
     * @param quarantineUri where unconvertible pages go
     */
    public LocalSparkStepSubmitter(
            Supplier<SparkSession> spark, String catalog, String curatedUri, String quarantineUri) {
        this.spark = spark;
        this.catalog = catalog;
        this.curatedUri = curatedUri;
        this.quarantineUri = quarantineUri;
    }

    @Override
    public synchronized String submit(ConvertStep step, Instant deadline) {
        queued.add(step);
        return "local-" + step.id();
    }

    /** The runs of the steps queued since the last conversion. */
    public synchronized List<String> queuedRuns() {
        return queued.stream().map(ConvertStep::id).toList();
    }

    /**
     * Converts everything submitted since the last call, and whatever the catch-up finds; empty if
     * nothing was submitted and {@code catchUpAnyway} is false.
     *
     * @param catchUpAnyway convert even with nothing queued: only the catch-up then (the first
     *                      conversion of a process, or the one after a failure)
     * @param die           the conversion dies before doing anything (the {@code fail-convert} fault)
     */
    public synchronized Optional<Batch> runPending(boolean catchUpAnyway, boolean die) {
        if (queued.isEmpty() && !catchUpAnyway) {
            return Optional.empty();
        }
        List<ConvertStep> steps = List.copyOf(queued);
        queued.clear();
        if (die) {
            return Optional.of(new Batch(
                    steps,
                    Optional.empty(),
                    Optional.of(new IllegalStateException(
                            "the converter died (fault " + LocalFaults.FAIL_CONVERT + "); nothing committed"))));
        }
        ConvertOptions options = new ConvertOptions(
                steps.stream().flatMap(step -> step.manifestUris().stream()).toList(),
                null,
                curatedUri,
                quarantineUri,
                null,
                catalog,
                ConvertOptions.DEFAULT_CATCH_UP_DAYS);
        try {
            return Optional.of(new Batch(steps, Optional.of(Converter.run(spark.get(), options)), Optional.empty()));
        } catch (RuntimeException e) {
            return Optional.of(new Batch(steps, Optional.empty(), Optional.of(e)));
        }
    }
}
