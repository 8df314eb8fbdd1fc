package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.iam.RolePolicy.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The AWS side of the Iceberg lake (issue 10): the Glue database the converter's GlueCatalog
 * commits to, EMR's bundled Iceberg, and Glue rights on that database only.
 */
class LakeCatalogTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final String GLUE = "arn:aws:glue:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT + ":";

    @Test
    void shouldCreateTheDatabaseOfTheIcebergNamespaceAndNoTables() {
        JsonNode database = synth.only("AWS::Glue::Database").getValue().at("/Properties/DatabaseInput");

        assertThat(database.path("Name").asText()).isEqualTo("xlake");
        assertThat(database.path("LocationUri").toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[\"s3://\",{\"Ref\":\"" + synth.lakeBucket()
                        + "\"},\"/curated/xlake.db\"]]}");
        assertThat(synth.resources("AWS::Glue::Table")).isEmpty();
        assertThat(synth.resources("AWS::Glue::Crawler")).isEmpty();
    }

    @Test
    void shouldRunEmr712WithItsBundledIcebergEnabled() {
        JsonNode cluster = synth.only("AWS::EMR::Cluster").getValue().path("Properties");

        assertThat(cluster.path("ReleaseLabel").asText()).isEqualTo("emr-7.12.0");
        assertThat(cluster.path("Configurations").toString())
                .isEqualTo("[{\"Classification\":\"iceberg-defaults\","
                        + "\"ConfigurationProperties\":{\"iceberg.enabled\":\"true\"}}]");
    }

    @Test
    void shouldLetTheConverterCommitTheTablesOfThatDatabaseOnly() {
        RolePolicy instances =
                StackRoles.ofDefaultStack().policy(StackRoles.Role.CONVERTER_INSTANCE, "lake", "j-CLUSTER");

        for (String action : new String[] {"glue:GetTable", "glue:CreateTable", "glue:UpdateTable"}) {
            assertThat(instances.decide(action, GLUE + "catalog")).isEqualTo(Decision.ALLOWED);
            assertThat(instances.decide(action, GLUE + "database/xlake")).isEqualTo(Decision.ALLOWED);
            assertThat(instances.decide(action, GLUE + "table/xlake/tweets")).isEqualTo(Decision.ALLOWED);
            assertThat(instances.decide(action, GLUE + "table/other/tweets")).isEqualTo(Decision.IMPLICIT_DENY);
        }
        assertThat(instances.decide("glue:GetDatabase", GLUE + "database/xlake"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(instances.decide("glue:DeleteTable", GLUE + "table/xlake/tweets"))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(instances.decide("glue:CreateDatabase", GLUE + "database/xlake"))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void shouldOutputTheTableNamesAthenaQueries() {
        assertThat(synth.json.at("/Outputs/TweetsTable/Value").asText()).isEqualTo("xlake.tweets");
        assertThat(synth.json.at("/Outputs/UsersTable/Value").asText()).isEqualTo("xlake.users");
    }
}
