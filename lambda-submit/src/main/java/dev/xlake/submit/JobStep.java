package dev.xlake.submit;

import java.util.List;

/**
 * A scheduled job of the converter jar that is not a conversion (the daily maintenance, the
 * compliance apply): one EMR step, at most once per {@code jobId}.
 *
 * @param jobId     unique per job and period, e.g. {@code maintain-2026-12-05}; names its claim
 *                  {@code state/submit/run=<jobId>.json}
 * @param name      the step's name, unique like the id, so {@code ListSteps} can find it
 * @param mainClass the converter jar's entry point
 * @param jobArgs   the entry point's arguments
 */
public record JobStep(String jobId, String name, String mainClass, List<String> jobArgs) {

    public JobStep {
        jobArgs = List.copyOf(jobArgs);
        if (name.length() > ConvertStep.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "Cannot name step " + name + ": longer than " + ConvertStep.MAX_NAME_LENGTH + " characters");
        }
    }
}
