package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties of the whole template: no wildcard grants on xlake's own roles, no secrets. */
class LeastPrivilegeTest {

    static SynthesizedStack synth;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of());
    }

    @Test
    void shouldGrantNoWildcardActionAnywhere() {
        List<String> actions = new ArrayList<>();
        synth.resources("AWS::IAM::Policy")
                .values()
                .forEach(policy -> policy.at("/Properties/PolicyDocument/Statement")
                        .forEach(statement -> SynthesizedStack.listOf(statement.path("Action"))
                                .forEach(a -> actions.add(a.asText()))));
        assertThat(actions).isNotEmpty().noneMatch(a -> a.equals("*") || a.endsWith(":*"));
    }

    @Test
    void shouldGrantXlakeRolesNoWildcardResource() {
        List<String> roles = List.of(
                synth.roleOf(FetchFunction.HANDLER), synth.roleOf(SubmitFunction.HANDLER), synth.instanceRole());
        for (String role : roles) {
            assertThat(synth.statementsOfRole(role)).as(role).isNotEmpty().allSatisfy(statement -> {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                // The only exception: EMR actions that take no resource ARN (the service authorization
                // reference lists none for them), needed to start a replacement cluster.
                if (!SynthesizedStack.listOf(statement.path("Action")).stream()
                        .map(JsonNode::asText)
                        .allMatch(a -> List.of("elasticmapreduce:RunJobFlow", "elasticmapreduce:ListClusters")
                                .contains(a))) {
                    assertThat(SynthesizedStack.listOf(statement.path("Resource")))
                            .noneMatch(r -> r.isTextual() && r.asText().equals("*"));
                }
                assertThat(statement.path("Resource").toString()).doesNotContain("\"/*\"");
            });
        }
    }

    @Test
    void shouldPutNoSecretValueInTheTemplate() {
        String template = synth.text();
        assertThat(template)
                .doesNotContain("SecretString", "GenerateSecretString", "AAAAAAAAAAAAAAAAAAAA", "bearer_token\":");
        assertThat(template).doesNotContain("Bearer ");
        synth.resources("AWS::Lambda::Function")
                .values()
                .forEach(function -> assertThat(
                                function.at("/Properties/Environment/Variables").fieldNames())
                        .toIterable()
                        .noneMatch(name -> name.equals(dev.xlake.core.config.EnvNames.X_BEARER_TOKEN)
                                || name.equals(dev.xlake.core.config.EnvNames.X_BEARER_TOKEN_FILE)));
    }
}
