package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvertOptionsTest {

    @Test
    void shouldParseManifestsOutputQuarantineAndEndpoint() {
        ConvertOptions options = ConvertOptions.parse(new String[] {
            "--manifest",
            "s3://b/raw/a/_manifest.json",
            "--manifest",
            "s3://b/raw/b/_manifest.json",
            "--output",
            "s3://b/curated",
            "--quarantine",
            "s3://b/q",
            "--s3-endpoint",
            "http://127.0.0.1:9000",
            "--catalog",
            "glue"
        });

        assertThat(options.manifests()).containsExactly("s3://b/raw/a/_manifest.json", "s3://b/raw/b/_manifest.json");
        assertThat(options.input()).isNull();
        assertThat(options.output()).isEqualTo("s3://b/curated");
        assertThat(options.quarantine()).isEqualTo("s3://b/q");
        assertThat(options.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(options.catalog()).isEqualTo("glue");
    }

    @Test
    void shouldRequireAUsableCatalog() {
        assertThatThrownBy(() -> ConvertOptions.parse(new String[] {"--input", "/i", "--output", "/o"}))
                .hasMessageStartingWith("Cannot convert: --catalog is required; usage:");
        assertThatThrownBy(() -> ConvertOptions.ofInput("/in", "/out", "mysql://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use catalog mysql://x: expected jdbc:sqlite:<file> or glue");
    }

    @Test
    void shouldRequireExactlyOneOfManifestAndInput() {
        // (with the catch-up on, neither is a catch-up-only conversion: shouldAllowACatchUpOnlyConversion...)
        assertThatThrownBy(() -> ConvertOptions.parse(
                        new String[] {"--output", "/o", "--catalog", "glue", "--catch-up-days", "0"}))
                .hasMessageContaining("either --manifest")
                .hasMessageContaining("usage:");
        assertThatThrownBy(() -> ConvertOptions.parse(
                        new String[] {"--manifest", "m", "--input", "i", "--output", "/o", "--catalog", "glue"}))
                .hasMessageContaining("either --manifest");
    }

    @Test
    void shouldRejectMissingOutputUnknownOptionAndMissingValue() {
        assertThatThrownBy(() -> ConvertOptions.parse(new String[] {"--input", "/i", "--catalog", "glue"}))
                .hasMessageContaining("--output is required");
        assertThatThrownBy(
                        () -> ConvertOptions.parse(new String[] {"--input", "/i", "--output", "/o", "--fast", "yes"}))
                .hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> ConvertOptions.parse(new String[] {"--input", "--output", "/o"}))
                .hasMessageContaining("--input needs a value");
    }

    @Test
    void shouldCatchUpThreeDaysByDefaultAndTakeAnotherWindowOrNone() {
        String[] manifest = {
            "--manifest", "s3://b/raw/a/_manifest.json", "--output", "s3://b/curated", "--catalog", "glue"
        };
        assertThat(ConvertOptions.parse(manifest).catchUpDays()).isEqualTo(ConvertOptions.DEFAULT_CATCH_UP_DAYS);
        assertThat(ConvertOptions.parse(concat(manifest, "--catch-up-days", "7"))
                        .catchUpDays())
                .isEqualTo(7);
        assertThat(ConvertOptions.parse(concat(manifest, "--catch-up-days", "0"))
                        .catchUpDays())
                .isZero();
        assertThatThrownBy(() -> ConvertOptions.parse(concat(manifest, "--catch-up-days", "-1")))
                .hasMessageContaining("--catch-up-days must be 0 (off) or more");
        assertThatThrownBy(() -> ConvertOptions.parse(concat(manifest, "--catch-up-days", "3d")))
                .hasMessageContaining("--catch-up-days needs a whole number of days, not 3d");
    }

    @Test
    void shouldAllowACatchUpOnlyConversionIntoACatalog() {
        ConvertOptions options =
                ConvertOptions.parse(new String[] {"--output", "s3://b/curated", "--catalog", "jdbc:sqlite:/tmp/c.db"});

        assertThat(options.manifests()).isEmpty();
        assertThat(options.input()).isNull();
        assertThatThrownBy(() -> ConvertOptions.parse(new String[] {
                    "--output", "s3://b/curated", "--catalog", "jdbc:sqlite:/tmp/c.db", "--catch-up-days", "0"
                }))
                .hasMessageContaining("either --manifest");
    }

    private static String[] concat(String[] head, String... tail) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(head), java.util.Arrays.stream(tail))
                .toArray(String[]::new);
    }
}
