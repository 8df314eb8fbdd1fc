package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class PageListingTest {

  private static final String KEY = "raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/page-00001.json.gz";

  @Test
  void shouldResolveKeyAgainstBucketOfS3Manifest() {
    Path manifest = new Path("s3a://lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/_manifest.json");

    assertThat(PageListing.resolveKey(manifest, KEY)).hasToString("s3a://lake/" + KEY);
    assertThat(PageListing.resolveKey(manifest, "elsewhere/page.json.gz")).hasToString("s3a://lake/elsewhere/page.json.gz");
  }

  @Test
  void shouldResolveKeyAgainstLocalFolderHoldingTheBucket() {
    Path manifest = new Path("file:/data/lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/_manifest.json");

    assertThat(PageListing.resolveKey(manifest, KEY)).hasToString("file:/data/lake/" + KEY);
    assertThatThrownBy(() -> PageListing.resolveKey(manifest, "other/page.json.gz"))
        .isInstanceOf(ConvertException.class).hasMessageContaining("Cannot resolve page key other/page.json.gz");
  }
}
