package dev.xlake.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * What to convert and where to. Exactly one of {@code manifests} (non-empty) and {@code input} is
 * set. {@code quarantine} defaults to {@code quarantine/convert} next to the output folder (the
 * bucket layout of docs/s3-layout.md when the output is {@code s3://bucket/curated}).
 *
 * @param s3Endpoint endpoint of an S3-compatible server (embedded S3, LocalStack), or null for AWS;
 *                   when set, s3a is configured for it with path-style access and also serves
 *                   {@code s3://} paths
 * @param catalog    the Iceberg catalog of the tables, {@code jdbc:sqlite:<file>} or {@code glue}
 *                   ({@link IcebergLake}), whose warehouse is {@code output}
 * @param catchUpDays also convert every run manifest of the last this many days whose run is not
 *                   committed yet ({@link CatchUp}); 0 turns it off. With neither manifests nor
 *                   input, only that catch-up runs. The job's arguments ({@link #parse}) default
 *                   to {@link #DEFAULT_CATCH_UP_DAYS}; {@link #ofManifests} and {@link #ofInput}
 *                   to 0, so a caller of the API converts exactly what it names unless it asks
 *                   ({@link #withCatchUpDays})
 */
public record ConvertOptions(
        List<String> manifests,
        String input,
        String output,
        String quarantine,
        String s3Endpoint,
        String catalog,
        int catchUpDays) {

    /** Days of run manifests a conversion catches up on by default: a long weekend of failed steps. */
    public static final int DEFAULT_CATCH_UP_DAYS = 3;

    public static final String USAGE = "usage: ConvertJob (--manifest URI [--manifest URI ...] | --input URI)"
            + " --output URI --catalog jdbc:sqlite:<file>|glue [--catch-up-days N] [--quarantine URI]"
            + " [--s3-endpoint URL]";

    /** With the default catch-up window. */
    public ConvertOptions(
            List<String> manifests, String input, String output, String quarantine, String s3Endpoint, String catalog) {
        this(manifests, input, output, quarantine, s3Endpoint, catalog, DEFAULT_CATCH_UP_DAYS);
    }

    public ConvertOptions {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        boolean catchUpOnly = manifests.isEmpty() && input == null && catalog != null && catchUpDays > 0;
        if (manifests.isEmpty() == (input == null) && !catchUpOnly) {
            throw new IllegalArgumentException(
                    "Cannot convert: give either --manifest (one or more) or --input; " + USAGE);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("Cannot convert: --output is required; " + USAGE);
        }
        if (catchUpDays < 0) {
            throw new IllegalArgumentException(
                    "Cannot convert: --catch-up-days must be 0 (off) or more, not " + catchUpDays + "; " + USAGE);
        }
        if (catalog == null || catalog.isBlank()) {
            throw new IllegalArgumentException("Cannot convert: --catalog is required; " + USAGE);
        }
        IcebergLake.catalogProperties(catalog, output); // a bad catalog fails here, before any work
    }

    public static ConvertOptions ofManifests(List<String> manifests, String output, String catalog) {
        return new ConvertOptions(manifests, null, output, null, null, catalog, 0);
    }

    public static ConvertOptions ofInput(String input, String output, String catalog) {
        return new ConvertOptions(List.of(), input, output, null, null, catalog, 0);
    }

    public ConvertOptions withQuarantine(String uri) {
        return new ConvertOptions(manifests, input, output, uri, s3Endpoint, catalog, catchUpDays);
    }

    public ConvertOptions withS3Endpoint(String url) {
        return new ConvertOptions(manifests, input, output, quarantine, url, catalog, catchUpDays);
    }

    public ConvertOptions withCatchUpDays(int days) {
        return new ConvertOptions(manifests, input, output, quarantine, s3Endpoint, catalog, days);
    }

    /** Parses spark-submit style arguments; throws IllegalArgumentException with the usage. */
    public static ConvertOptions parse(String[] args) {
        List<String> manifests = new ArrayList<>();
        String input = null;
        String output = null;
        String quarantine = null;
        String endpoint = null;
        String catalog = null;
        int catchUpDays = DEFAULT_CATCH_UP_DAYS;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("Cannot parse arguments: " + name + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--manifest" -> manifests.add(value);
                case "--input" -> input = value;
                case "--output" -> output = value;
                case "--quarantine" -> quarantine = value;
                case "--s3-endpoint" -> endpoint = value;
                case "--catalog" -> catalog = value;
                case "--catch-up-days" -> catchUpDays = StepArgs.wholeInt(name, value, " of days", USAGE);
                default ->
                    throw new IllegalArgumentException("Cannot parse arguments: unknown option " + name + "; " + USAGE);
            }
        }
        return new ConvertOptions(manifests, input, output, quarantine, endpoint, catalog, catchUpDays);
    }
}
