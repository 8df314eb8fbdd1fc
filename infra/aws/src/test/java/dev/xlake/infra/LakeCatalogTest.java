package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Glue tables Athena queries, with partition projection instead of a crawler. */
class LakeCatalogTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final String bucket = synth.lakeBucket();

    @Test
    void shouldProjectTweetPartitionsFromTheConfiguredQueriesAndDates() {
        JsonNode table = table("tweets");
        assertProjectedPartitions(table, "/curated/tweets/query=${query}/dt=${dt}/", "query", "dt");
        assertThat(texts(table.path("Parameters")))
                .containsAllEntriesOf(Map.of(
                        "projection.query.type", "enum",
                        "projection.query.values", "aws,kpop",
                        "projection.dt.type", "date",
                        "projection.dt.format", "yyyy-MM-dd",
                        "projection.dt.range", "NOW-3YEARS,NOW"));
        assertThat(table.at("/StorageDescriptor/Location").toString()).isEqualTo(location("/curated/tweets/"));
    }

    @Test
    void shouldProjectUserBucketsAsTwoDigitIntegers() {
        JsonNode table = table("users");
        assertProjectedPartitions(table, "/curated/users/id_bucket=${id_bucket}/", "id_bucket");
        assertThat(texts(table.path("Parameters")))
                .containsAllEntriesOf(Map.of(
                        "projection.id_bucket.type", "integer",
                        "projection.id_bucket.range", "0,15",
                        "projection.id_bucket.digits", "2"));
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

    /** Projection on, partition folders under {@code locationTemplate}, partition keys in this order. */
    private static void assertProjectedPartitions(JsonNode table, String locationTemplate, String... partitionKeys) {
        JsonNode parameters = table.path("Parameters");
        assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
        assertThat(parameters.path("storage.location.template").toString()).isEqualTo(location(locationTemplate));
        assertThat(names(table.path("PartitionKeys"))).containsExactly(partitionKeys);
    }

    /** The fields of {@code object} as text: a token (an object) as its JSON. */
    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> texts = new HashMap<>();
        object.fields()
                .forEachRemaining(
                        field -> texts.put(field.getKey(), field.getValue().asText()));
        return texts;
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
