package dev.xlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.config.EnvNames;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceConfigTest {

    @Test
    void shouldReadTheFunctionsSettingsWithDefaults() {
        ComplianceConfig config = ComplianceConfig.fromEnv(Map.of(
                EnvNames.BUCKET, "lake",
                EnvNames.X_BEARER_SECRET_ID, "arn:aws:secretsmanager:eu-west-1:1:secret:x",
                EnvNames.SUBMIT_FUNCTION, "arn:aws:lambda:eu-west-1:1:function:submit:live"));

        assertThat(config.bearerTokenSource())
                .isEqualTo(new BearerTokenSource.SecretsManager("arn:aws:secretsmanager:eu-west-1:1:secret:x"));
        assertThat(config.xApiBaseUrl()).isEqualTo(URI.create("https://api.x.com"));
        assertThat(config.maxJobWait()).isEqualTo(Duration.ofHours(24));
        assertThat(config.submitFunction()).endsWith(":submit:live");
    }

    @Test
    void shouldNameEveryMissingOrBadVariableAtOnce() {
        assertThatThrownBy(() -> ComplianceConfig.fromEnv(Map.of(EnvNames.COMPLIANCE_MAX_JOB_WAIT, "a day")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot configure compliance: ")
                .hasMessageContaining(EnvNames.BUCKET + ": required but not set")
                .hasMessageContaining(EnvNames.SUBMIT_FUNCTION + ": required but not set")
                .hasMessageContaining(EnvNames.COMPLIANCE_MAX_JOB_WAIT + ": not an ISO-8601 duration")
                .hasMessageContaining("X bearer token");
    }
}
