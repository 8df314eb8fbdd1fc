package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The context docs/localstack.md deploys with: no EMR cluster and no Glue, which LocalStack's free tier lacks. */
class LocalStackContextTest {

    static SynthesizedStack synth;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of(
                XlakeConfig.EMR_CLUSTER_ID, "j-LOCALSTACK",
                XlakeConfig.GLUE_CATALOG, "false"));
    }

    @Test
    void shouldCreateNoPaidLocalStackResources() {
        assertThat(synth.resources("AWS::EMR::Cluster")).isEmpty();
        assertThat(synth.resources("AWS::Glue::Database")).isEmpty();
        assertThat(synth.resources("AWS::Glue::Table")).isEmpty();
        assertThat(synth.json.path("Outputs").has("TweetsTable")).isFalse();
    }

    @Test
    void shouldKeepTheWholeS3ToLambdaPath() {
        assertThat(synth.resources("AWS::S3::Bucket"))
                .containsOnlyKeys(
                        synth.lakeBucket(),
                        synth.artifactsBucket(),
                        synth.propertiesOf(synth.lakeBucket())
                                .at("/LoggingConfiguration/DestinationBucketName/Ref")
                                .asText());
        assertThat(synth.resources("Custom::S3BucketNotifications")).hasSize(1);
        assertThat(synth.resources("AWS::Lambda::Alias")).hasSize(3); // fetch, submit, compliance
        // the poller, the maintenance, the compliance function and the daily compliance ids
        assertThat(synth.resources("AWS::Scheduler::Schedule")).hasSize(4);
        assertThat(synth.resources("AWS::SecretsManager::Secret")).hasSize(1);
    }
}
