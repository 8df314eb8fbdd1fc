package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Glue tables Athena queries, with partition projection instead of a crawler. */
class LakeCatalogTest {

    static SynthesizedStack synth;
    static String bucket;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(Map.of());
        bucket = synth.only("AWS::S3::Bucket", b -> true).getKey();
    }

    @Test
    void shouldProjectTweetPartitionsFromTheConfiguredQueriesAndDates() {
        JsonNode table = table("tweets");
        JsonNode parameters = table.path("Parameters");
        assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
        assertThat(parameters.path("projection.query.type").asText()).isEqualTo("enum");
        assertThat(parameters.path("projection.query.values").asText()).isEqualTo("aws,kpop");
        assertThat(parameters.path("projection.dt.type").asText()).isEqualTo("date");
        assertThat(parameters.path("projection.dt.format").asText()).isEqualTo("yyyy-MM-dd");
        assertThat(parameters.path("projection.dt.range").asText()).isEqualTo("NOW-3YEARS,NOW");
        assertThat(parameters.path("storage.location.template").toString())
                .isEqualTo(location("/curated/tweets/query=${query}/dt=${dt}/"));
        assertThat(names(table.path("PartitionKeys"))).containsExactly("query", "dt");
        assertThat(table.at("/StorageDescriptor/Location").toString()).isEqualTo(location("/curated/tweets/"));
    }

    @Test
    void shouldProjectUserBucketsAsTwoDigitIntegers() {
        JsonNode table = table("users");
        JsonNode parameters = table.path("Parameters");
        assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
        assertThat(parameters.path("projection.id_bucket.type").asText()).isEqualTo("integer");
        assertThat(parameters.path("projection.id_bucket.range").asText()).isEqualTo("0,15");
        assertThat(parameters.path("projection.id_bucket.digits").asText()).isEqualTo("2");
        assertThat(parameters.path("storage.location.template").toString())
                .isEqualTo(location("/curated/users/id_bucket=${id_bucket}/"));
        assertThat(names(table.path("PartitionKeys"))).containsExactly("id_bucket");
    }

    @Test
    void shouldReadParquet() {
        for (String name : List.of("tweets", "users")) {
            JsonNode storage = table(name).path("StorageDescriptor");
            assertThat(storage.at("/SerdeInfo/SerializationLibrary").asText()).contains("ParquetHiveSerDe");
            assertThat(storage.path("InputFormat").asText()).contains("MapredParquetInputFormat");
            assertThat(table(name).path("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
        }
    }

    @Test
    void shouldDescribeTheConvertersColumnsWithoutThePartitionColumns() {
        List<String> tweetColumns = names(table("tweets").at("/StorageDescriptor/Columns"));
        assertThat(tweetColumns)
                .startsWith("id", "text", "author_id")
                .endsWith("fetched_at", "run_id", "raw_object")
                .doesNotContain("query", "dt")
                .doesNotHaveDuplicates();
        assertThat(names(table("users").at("/StorageDescriptor/Columns")))
                .startsWith("id", "username")
                .doesNotContain("id_bucket")
                .doesNotHaveDuplicates();
    }

    private static JsonNode table(String name) {
        return synth.only(
                        "AWS::Glue::Table",
                        t -> name.equals(t.at("/Properties/TableInput/Name").asText()))
                .getValue()
                .at("/Properties/TableInput");
    }

    private static List<String> names(JsonNode columns) {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.path("Name").asText()));
        return names;
    }

    private static String location(String suffix) {
        return "{\"Fn::Join\":[\"\",[\"s3://\",{\"Ref\":\"" + bucket + "\"},\"" + suffix + "\"]]}";
    }
}
