package dev.xlake.cli.local;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

import dev.xlake.convert.ConvertOptions;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.Converter;
import dev.xlake.submit.ConvertStep;
import dev.xlake.submit.StepSubmissionException;
import dev.xlake.submit.StepSubmitter;

/**
 * The EMR cluster of {@code xlake local}: "submitting" a step runs the converter right away in
 * the run's one SparkSession, with the arguments the EMR step would pass to {@code ConvertJob}.
 *
 * <p>Conversions are serialised: the converter rewrites whole partitions, and two runs of one
 * query overlap in partitions. On EMR the cluster's step concurrency of 1 does the same.
 * A failed conversion is a failed submission, so the claim is released and a later delivery
 * of the same manifest converts it again.
 */
public final class LocalSparkStepSubmitter implements StepSubmitter {

    private final Supplier<SparkSession> spark;
    private final BiConsumer<ConvertStep, ConvertSummary> onConverted;

    /**
     * @param spark started on first use, so a run with nothing to convert never pays for Spark
     * @param onConverted told about every finished conversion (progress lines, totals)
     */
    public LocalSparkStepSubmitter(Supplier<SparkSession> spark, BiConsumer<ConvertStep, ConvertSummary> onConverted) {
        this.spark = spark;
        this.onConverted = onConverted;
    }

    @Override
    public synchronized String submit(ConvertStep step, Instant deadline) {
        ConvertOptions options = ConvertOptions.ofManifests(List.of(step.manifestUri()), step.curatedUri())
                .withQuarantine(step.quarantineUri());
        ConvertSummary summary;
        try {
            summary = Converter.run(spark.get(), options);
        } catch (RuntimeException e) {
            throw new StepSubmissionException("Cannot convert run " + step.runId() + " locally: " + e.getMessage(), e);
        }
        onConverted.accept(step, summary);
        return "local-" + step.runId();
    }
}
