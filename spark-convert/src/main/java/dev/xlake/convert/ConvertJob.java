package dev.xlake.convert;

/**
 * The EMR step: {@code spark-submit --class dev.xlake.convert.ConvertJob spark-convert.jar
 * (--manifest URI... | --input URI) --output URI --catalog CATALOG [--catch-up-days N] [--quarantine URI]
 * [--s3-endpoint URL]}. It also converts the recent runs not yet committed ({@link CatchUp}), so a
 * step that failed is healed by the next one.
 * Prints the {@link ConvertSummary} as one JSON line on stdout. Exits with 2 on bad arguments, and
 * with 1 and a one-line message when a manifest, the output location or the catalog is unusable
 * (nothing written) or a task failed for good (its root cause and page; the tables unchanged).
 */
public final class ConvertJob {

    private ConvertJob() {}

    public static void main(String[] args) {
        StepMain.run(
                "xlake-convert",
                args,
                ConvertOptions::parse,
                (spark, options) -> Converter.run(spark, options).toJson());
    }
}
