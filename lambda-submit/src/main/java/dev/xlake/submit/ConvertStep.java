package dev.xlake.submit;

/**
 * One conversion of one run: everything a {@link StepSubmitter} needs to start the converter,
 * whether on EMR or in a local Spark.
 *
 * @param runId the fetch run id; unique, so it also names the step
 * @param querySlug the query's short name
 * @param manifestUri {@code s3://<bucket>/<manifest key>}
 * @param curatedUri the converter's {@code --output}
 * @param quarantineUri the converter's {@code --quarantine}
 */
public record ConvertStep(String runId, String querySlug, String manifestUri, String curatedUri, String quarantineUri) {

    /** EMR's limit for a step name. */
    public static final int MAX_NAME_LENGTH = 256;

    /** A human-readable, run-unique step name of at most 256 characters. */
    public String name() {
        String name = "xlake-convert run=" + runId + " query=" + querySlug;
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }
}
