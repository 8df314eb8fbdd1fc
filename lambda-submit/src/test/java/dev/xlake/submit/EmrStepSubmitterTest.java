package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.s3.InMemoryObjectStore;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

/** The submitter as the Lambda builds it ({@link EmrStepSubmitter#fromConfig}). */
class EmrStepSubmitterTest {

    final EmrClient emr =
            EmrStepSubmitter.clientBuilder().region(Region.EU_WEST_1).build();
    final EmrStepSubmitter submitter = EmrStepSubmitter.fromConfig(
            emr, SubmitConfig.fromEnv(SubmitConfigTest.MINIMAL), new InMemoryObjectStore("lake"));

    @AfterEach
    void close() {
        emr.close();
    }

    /**
     * The Lambda builds its submitter during initialisation, which SnapStart snapshots: a PRNG
     * seeded then would give every restored environment the same backoff jitter, so concurrent
     * throttled submissions would retry in lock step (issue 16, finding 6).
     */
    @Test
    void shouldDrawJitterFromASourceThatIsUniqueAfterASnapStartRestore() {
        assertThat(submitter.jitter()).isInstanceOf(SecureRandom.class);
    }

    @Test
    void shouldRunTheConverterOnTheGlueCatalog() {
        assertThat(submitter.commandArgs(EmrStepSubmitterWireMockIT.STEP)).containsSequence("--catalog", "glue");
    }
}
