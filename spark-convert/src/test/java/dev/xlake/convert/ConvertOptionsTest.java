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
        assertThatThrownBy(() -> ConvertOptions.parse(new String[] {"--output", "/o", "--catalog", "glue"}))
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
}
