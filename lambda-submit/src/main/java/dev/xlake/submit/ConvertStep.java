package dev.xlake.submit;

import dev.xlake.core.layout.ManifestRef;
import java.util.List;

/**
 * One conversion: everything a {@link StepSubmitter} needs to start the converter, whether on EMR
 * or in a local Spark. In AWS one conversion covers one fetch tick (all its run manifests);
 * {@code xlake local} still converts per run.
 *
 * @param id the tick id or the run id; unique, and part of {@link #name}
 * @param name a human-readable name of at most 256 characters that carries {@code id}, so that a
 *     step can be found again by name
 * @param manifestUris {@code s3://<bucket>/<manifest key>}, one or more
 * @param curatedUri the converter's {@code --output}
 * @param quarantineUri the converter's {@code --quarantine}
 */
public record ConvertStep(String id, String name, List<String> manifestUris, String curatedUri, String quarantineUri) {

    /** EMR's limit for a step name. */
    public static final int MAX_NAME_LENGTH = 256;

    /** The prefix of every convert step's name (the step-failure alarm matches it). */
    public static final String NAME_PREFIX = "xlake-convert ";

    public ConvertStep {
        manifestUris = List.copyOf(manifestUris);
        if (manifestUris.isEmpty()) {
            throw new IllegalArgumentException("Cannot make convert step " + id + ": no manifest");
        }
        name = name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }

    /** "tick &lt;id&gt;" or "run &lt;id&gt;", for messages. */
    public String subject() {
        return (name.startsWith(NAME_PREFIX + "tick=") ? "tick " : "run ") + id;
    }

    /** The conversion of one run: {@code xlake-convert run=<runId> query=<slug>}. */
    public static ConvertStep ofRun(ManifestRef manifest, String curatedUri, String quarantineUri) {
        return new ConvertStep(
                manifest.runId(),
                NAME_PREFIX + "run=" + manifest.runId() + " query=" + manifest.querySlug(),
                List.of(manifest.uri()),
                curatedUri,
                quarantineUri);
    }

    /** The conversion of one tick's runs: {@code xlake-convert tick=<tickId> runs=<n>}. */
    public static ConvertStep ofTick(
            String tickId, List<String> manifestUris, String curatedUri, String quarantineUri) {
        return new ConvertStep(
                tickId,
                NAME_PREFIX + "tick=" + tickId + " runs=" + manifestUris.size(),
                manifestUris,
                curatedUri,
                quarantineUri);
    }
}
