package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.convert.fixtures.FlakyLocalFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader keeps one buffer for stored bytes and one for un-gzipped bodies across the pages of a
 * task: a page must be read as exactly its own bytes, whatever a longer page left behind.
 */
class RawPageReaderTest {

    private static final Instant FETCHED = Instant.parse("2026-11-25T20:15:01.001Z");

    @TempDir
    Path folder;

    private final RawPageReader reader = new RawPageReader(new Configuration());

    @Test
    void pagesLargerThanTheBuffersAndShorterOnesAfterThemReadAsThemselves() throws IOException {
        byte[] kpop = SamplePages.bytes("kpop-recent-search-page.json");
        byte[] brexit = SamplePages.bytes("brexit-recent-search-page.json");
        byte[] huge = padded(brexit, 3 * 1024 * 1024); // beyond both initial buffers, gzipped or not

        assertReadAsItself("huge.json", huge, false);
        assertReadAsItself("huge.json.gz", huge, true);
        assertReadAsItself("kpop.json.gz", kpop, true);
        assertReadAsItself("brexit.json", brexit, false);
        assertReadAsItself("kpop-again.json.gz", kpop, true);
    }

    @Test
    void aTruncatedPageAfterALongerOneIsQuarantinedNotCompletedFromTheBuffer() throws IOException {
        byte[] brexit = SamplePages.bytes("brexit-recent-search-page.json");
        assertReadAsItself("whole.json", brexit, false);
        byte[] half = Arrays.copyOf(brexit, brexit.length / 2);

        FlattenedPage plain = reader.read(ref(store("half.json", half)));
        FlattenedPage gzipped = reader.read(ref(store("half.json.gz", gzip(half))));

        assertThat(plain.tweets()).isEmpty();
        assertThat(plain.quarantined())
                .singleElement()
                .satisfies(q -> assertThat(q.reason()).isEqualTo(PageFlattener.REASON_INVALID_JSON));
        assertThat(gzipped.tweets()).isEmpty();
        assertThat(gzipped.quarantined())
                .singleElement()
                .satisfies(q -> assertThat(q.reason()).isEqualTo(PageFlattener.REASON_INVALID_JSON));
    }

    @Test
    void brokenGzipAndMissingObjectsAreQuarantinedAndTheNextPageStillReads() throws IOException {
        byte[] kpop = SamplePages.bytes("kpop-recent-search-page.json");
        byte[] gz = gzip(kpop);
        byte[] truncatedGzip = Arrays.copyOf(gz, gz.length / 2);

        FlattenedPage broken = reader.read(ref(store("broken.json.gz", truncatedGzip)));
        FlattenedPage missing =
                reader.read(ref(folder.resolve("missing.json.gz").toUri().toString()));

        assertThat(broken.quarantined())
                .singleElement()
                .satisfies(q -> assertThat(q.reason()).isEqualTo(RawPageReader.REASON_INVALID_GZIP));
        assertThat(missing.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(RawPageReader.REASON_UNREADABLE);
            assertThat(q.detail()).contains("FileNotFoundException");
        });
        assertReadAsItself("kpop.json.gz", kpop, true);
    }

    @Test
    void aPageBeyondTheSizeLimitIsQuarantinedAndTheNextPageReadsAsItself() throws IOException {
        byte[] kpop = SamplePages.bytes("kpop-recent-search-page.json");
        byte[] huge = padded(kpop, 3 * 1024 * 1024);
        RawPageReader limited = new RawPageReader(new Configuration(), 2 * 1024 * 1024);

        FlattenedPage plain = limited.read(ref(store("huge.json", huge)));
        FlattenedPage bomb = limited.read(ref(store("huge.json.gz", gzip(huge)))); // small stored, large body
        String kpopUri = store("kpop.json.gz", gzip(kpop));
        FlattenedPage next = limited.read(ref(kpopUri));

        assertThat(plain.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(RawPageReader.REASON_TOO_LARGE);
            assertThat(q.detail()).isEqualTo("the object exceeds 2097152 bytes");
        });
        assertThat(bomb.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(RawPageReader.REASON_TOO_LARGE);
            assertThat(q.detail()).isEqualTo("the un-gzipped body exceeds 2097152 bytes");
        });
        assertThat(next).isEqualTo(PageFlattener.flatten(kpop, ref(kpopUri), FETCHED));
        assertThat(next.tweets()).hasSize(100);
    }

    @Test
    void aReadErrorOtherThanMissingOrForbiddenFailsTheTaskInsteadOfQuarantiningThePage() throws IOException {
        String uri = store("kpop.json.gz", gzip(SamplePages.bytes("kpop-recent-search-page.json")));
        Configuration conf = new Configuration();
        conf.set("fs." + FlakyLocalFileSystem.SCHEME + ".impl", FlakyLocalFileSystem.class.getName());
        String flaky = uri.replaceFirst("^file:", FlakyLocalFileSystem.SCHEME + ":");
        FlakyLocalFileSystem.failOpeningTransiently("kpop.json.gz", 1);

        try {
            assertThatThrownBy(() -> new RawPageReader(conf).read(ref(flaky)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot read page " + flaky)
                    .hasMessageContaining("injected connection reset");
        } finally {
            FlakyLocalFileSystem.failOpening(null, 0);
        }
    }

    private void assertReadAsItself(String name, byte[] body, boolean gzipped) throws IOException {
        String uri = store(name, gzipped ? gzip(body) : body);
        FlattenedPage read = reader.read(ref(uri));
        assertThat(read).isEqualTo(PageFlattener.flatten(body, ref(uri), FETCHED));
        assertThat(read.tweets()).hasSize(100);
        assertThat(read.quarantined()).isEmpty();
    }

    private String store(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file.toUri().toString();
    }

    private static PageRef ref(String uri) {
        return new PageRef(uri, "brexit", "R1", FETCHED, null);
    }

    /** The page with an unknown top-level field of {@code size} characters, which the flattener ignores. */
    private static byte[] padded(byte[] page, int size) {
        String json = new String(page, StandardCharsets.UTF_8);
        String padding = "\"xlake_test_padding\":\"" + "x".repeat(size) + "\",";
        return json.replaceFirst("\\{", "{" + padding).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
