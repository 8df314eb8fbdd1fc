package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageListingTest {

    private static final String KEY = "raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/page-00001.json.gz";

    @Test
    void shouldResolveKeyAgainstBucketOfS3Manifest() {
        Path manifest = new Path("s3a://lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/_manifest.json");

        assertThat(PageListing.resolveKey(manifest, KEY)).hasToString("s3a://lake/" + KEY);
        assertThat(PageListing.resolveKey(manifest, "elsewhere/page.json.gz"))
                .hasToString("s3a://lake/elsewhere/page.json.gz");
    }

    @Test
    void shouldResolveKeyAgainstLocalFolderHoldingTheBucket() {
        Path manifest = new Path("file:/data/lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/_manifest.json");

        assertThat(PageListing.resolveKey(manifest, KEY)).hasToString("file:/data/lake/" + KEY);
        assertThatThrownBy(() -> PageListing.resolveKey(manifest, "other/page.json.gz"))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("Cannot resolve page key other/page.json.gz");
    }

    @TempDir
    java.nio.file.Path folder;

    @Test
    void shouldRejectAManifestWhoseQueryNameIsNotASlugOrWhoseFetchTimeIsOutOfRange() throws IOException {
        // a query name becomes the folder query=<name>: "a/b" or "x:y" would split or nest partitions
        String badName = manifest(
                "bad-name",
                "{\"manifest_version\":1,\"run_id\":\"20261125T201500Z-000001\",\"query_name\":\"x:y\",\"pages\":[]}");
        String farFuture = manifest(
                "far-future",
                "{\"manifest_version\":1,\"run_id\":\"20261125T201500Z-000001\",\"query_name\":\"kpop\","
                        + "\"pages\":[{\"key\":\"far-future/page-00001.json.gz\",\"fetched_at\":\"+100000-01-01T00:00:00Z\"}]}");
        PageListing listing = new PageListing(new Configuration());

        assertThatThrownBy(() -> listing.fromManifests(List.of(badName)))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("query_name 'x:y' is not a query slug");
        assertThatThrownBy(() -> listing.fromManifests(List.of(farFuture)))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("fetched_at is not an ISO-8601 instant in the years 0001-9999");
    }

    @Test
    void shouldNameNoQueryForAFolderThatIsNotASlug() throws IOException {
        java.nio.file.Path good = folder.resolve("raw/query=kpop/run=R1/page-00001.json.gz");
        java.nio.file.Path bad = folder.resolve("raw/query=Not:A/Slug/run=R1/page-00001.json.gz");
        for (java.nio.file.Path page : List.of(good, bad)) {
            Files.createDirectories(page.getParent());
            Files.write(page, new byte[] {1});
        }

        List<PageRef> pages = new PageListing(new Configuration())
                .fromInput(folder.resolve("raw").toUri().toString());

        assertThat(pages).hasSize(2);
        assertThat(pages)
                .filteredOn(page -> page.uri().contains("query=kpop"))
                .singleElement()
                .satisfies(page -> assertThat(page.queryName()).isEqualTo("kpop"));
        assertThat(pages)
                .filteredOn(page -> page.uri().contains("Not:A"))
                .singleElement()
                .satisfies(page -> assertThat(page.queryName()).isNull());
    }

    private String manifest(String name, String json) throws IOException {
        java.nio.file.Path file = folder.resolve(name + "/_manifest.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file.toUri().toString();
    }
}
