package dev.xlake.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionedJsonTest {

    record Doc(@JsonProperty("doc_version") int docVersion, String note) {}

    private final InMemoryObjectStore store = new InMemoryObjectStore("bucket");
    private final VersionedJson<Doc> docs = new VersionedJson<>(
            store, Doc.class, "test doc", new VersionedJson.FormatVersion<>("doc_version", Doc::docVersion, 1));

    @Test
    void createsReadsAndReplacesAtTheEtagRead() {
        assertThat(docs.load("state/doc.json")).isEmpty();

        VersionedJson.Versioned<Doc> created = docs.save("state/doc.json", new Doc(1, "first"), null);
        VersionedJson.Versioned<Doc> read = docs.load("state/doc.json").orElseThrow();
        assertThat(read).isEqualTo(created);

        VersionedJson.Versioned<Doc> replaced = docs.save("state/doc.json", new Doc(1, "second"), read.etag());
        assertThat(replaced.etag()).isNotEqualTo(read.etag());
        assertThat(docs.load("state/doc.json").orElseThrow().value().note()).isEqualTo("second");
    }

    @Test
    void aWriterHoldingAnOldEtagOrCreatingTwiceLoses() {
        VersionedJson.Versioned<Doc> first = docs.save("state/doc.json", new Doc(1, "first"), null);
        docs.save("state/doc.json", new Doc(1, "other writer"), first.etag());

        assertThatThrownBy(() -> docs.save("state/doc.json", new Doc(1, "stale"), first.etag()))
                .isInstanceOf(ObjectConflictException.class);
        assertThatThrownBy(() -> docs.save("state/doc.json", new Doc(1, "again"), null))
                .isInstanceOf(ObjectConflictException.class);
        assertThat(docs.load("state/doc.json").orElseThrow().value().note()).isEqualTo("other writer");
    }

    @Test
    void refusesAnotherFormatVersionNamingTheObject() {
        store.putIfAbsent(
                "state/doc.json",
                "{\"doc_version\":2,\"note\":\"from the future\"}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of());

        assertThatThrownBy(() -> docs.load("state/doc.json"))
                .hasMessage("Cannot read test doc s3://bucket/state/doc.json: unsupported doc_version 2");
    }
}
