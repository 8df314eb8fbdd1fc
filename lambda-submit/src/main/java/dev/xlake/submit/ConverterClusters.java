package dev.xlake.submit;

import java.time.Instant;

/**
 * Which EMR cluster the next convert step goes to. A cluster passed to the stack by id is fixed:
 * its loss fails every submission loudly. A cluster the stack created is replaced when it is gone
 * ({@link ReplacingCluster}).
 */
public interface ConverterClusters {

    /**
     * The cluster to add the next step to; for a replaceable cluster, starts a replacement if the
     * current one is gone.
     *
     * @throws StepSubmissionException when no cluster can take the step now (e.g. another delivery
     *     is starting the replacement: a retry will find it)
     */
    String forNextStep(Instant deadline);

    /** The cluster recorded as current, without asking EMR (e.g. to look up an earlier step). */
    String current();

    static ConverterClusters fixed(String clusterId) {
        return new ConverterClusters() {
            @Override
            public String forNextStep(Instant deadline) {
                return clusterId;
            }

            @Override
            public String current() {
                return clusterId;
            }
        };
    }
}
