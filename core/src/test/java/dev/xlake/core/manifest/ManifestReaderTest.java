package dev.xlake.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.spend.Prices;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    static final String RUN_ID = "20261125T201500Z-3f9a1c";
    static final String SOURCE = "s3://lake/" + RawKeys.manifest("kpop", RUN_ID);

    static Manifest manifest() {
        PageEntry page = new PageEntry(
                RawKeys.page("kpop", RUN_ID, 1),
                1,
                100,
                "1861234567890999999",
                "1861234567890200000",
                "ab12",
                123456,
                "2026-11-25T20:15:01.001Z",
                200,
                new RateLimit(450L, 449L, 1764102600L),
                new PageRequest(100, "1861234567890123456", null, null, null),
                130,
                95);
        return new Manifest(
                RUN_ID,
                "kpop",
                "#kpop lang:en",
                "1861234567890123456",
                null,
                null,
                "2026-11-25T20:15:00.123Z",
                "2026-11-25T20:15:04.456Z",
                StopReason.COMPLETE,
                List.of(page),
                List.of(new Gap(Gap.SINCE_ID_EXPIRED, "1", "2026-11-18T20:15:00Z")),
                Prices.DEFAULT);
    }

    @Test
    void shouldReadBackTheManifestItWrites() throws IOException {
        byte[] bytes = Json.toPrettyBytes(manifest());

        assertThat(ManifestReader.read(bytes, SOURCE)).isEqualTo(manifest());
        assertThat(ManifestReader.read(new ByteArrayInputStream(bytes), SOURCE)).isEqualTo(manifest());
        JsonNode written = Json.MAPPER.readTree(bytes);
        assertThat(written.path("manifest_version").asInt()).isEqualTo(1);
        assertThat(written.path("page_count").asInt()).isEqualTo(1);
        assertThat(written.path("tweet_count").asLong()).isEqualTo(100);
        assertThat(written.path("stop_reason").asText()).isEqualTo("complete");
        // 130 posts at $0.005 and 95 users at $0.010
        assertThat(written.path("billable_posts").asLong()).isEqualTo(130);
        assertThat(written.path("billable_users").asLong()).isEqualTo(95);
        assertThat(written.path("estimated_cost_usd").decimalValue()).isEqualByComparingTo("1.60");
        assertThat(written.path("prices").path("as_of").asText()).isEqualTo(Prices.DEFAULT.asOf());
    }

    @Test
    void shouldReadAManifestWrittenBeforeSpendAccountingWithNoCost() {
        ObjectNode tree = Json.MAPPER.valueToTree(manifest());
        tree.remove(List.of("prices", "estimated_cost_usd", "billable_posts", "billable_users"));
        tree.withArray("pages").forEach(p -> ((ObjectNode) p).remove(List.of("billable_posts", "billable_users")));

        Manifest read = ManifestReader.read(Json.toPrettyBytes(tree), SOURCE);

        assertThat(read.prices()).isNull();
        assertThat(read.estimatedCostUsd()).isNull();
        assertThat(read.billablePosts()).isZero();
    }

    @Test
    void shouldNameTheSourceAndTheFieldThatIsWrong() {
        assertRefused(m -> m.remove("manifest_version"), "manifest_version is missing, expected 1");
        assertRefused(m -> m.put("manifest_version", 2), "manifest_version is 2, expected 1");
        assertRefused(m -> m.put("run_id", "run-1"), "run_id 'run-1' is not a run id (yyyyMMddTHHmmssZ-xxxxxx)");
        assertRefused(m -> m.remove("run_id"), "run_id is missing or not a string");
        assertRefused(m -> m.put("query_name", "K-Pop"), "query_name 'K-Pop' is not a query slug ([a-z0-9-]{1,64})");
        assertRefused(m -> m.put("pages", "none"), "pages is not an array");
        assertRefused(m -> ((ObjectNode) m.withArray("pages").get(0)).remove("key"), "key is missing or not a string");
    }

    @Test
    void shouldRefuseWhatIsNotJson() {
        assertThatThrownBy(() -> ManifestReader.read("{\"run_id\":".getBytes(StandardCharsets.UTF_8), SOURCE))
                .isInstanceOf(ManifestReader.ManifestException.class)
                .hasMessageStartingWith("Cannot read manifest " + SOURCE + ": not JSON: ");
        assertThatThrownBy(() -> ManifestReader.read("[1]".getBytes(StandardCharsets.UTF_8), SOURCE))
                .isInstanceOf(ManifestReader.ManifestException.class)
                .hasMessage("Cannot read manifest " + SOURCE + ": not a JSON object");
    }

    private static void assertRefused(Consumer<ObjectNode> change, String problem) {
        ObjectNode tree = Json.MAPPER.valueToTree(manifest());
        change.accept(tree);
        byte[] bytes = Json.toPrettyBytes(tree);

        assertThatThrownBy(() -> ManifestReader.read(bytes, SOURCE))
                .isInstanceOf(ManifestReader.ManifestException.class)
                .hasMessage("Cannot read manifest " + SOURCE + ": " + problem);
    }
}
