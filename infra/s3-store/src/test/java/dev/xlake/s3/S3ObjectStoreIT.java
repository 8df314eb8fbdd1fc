package dev.xlake.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Conditional-write semantics of {@link S3ObjectStore} on the embedded S3 with the Lambda's client. */
class S3ObjectStoreIT {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    static S3ObjectStore store;

    @BeforeAll
    static void createBucket() {
        store = S3.storeIn("lake");
    }

    static byte[] body(String marker, int size) {
        return (marker + "x".repeat(size)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCreateOnceAndAcceptTheSameBytesAgain() {
        byte[] page = body("page", 50);

        String etag = store.putIfAbsent("a/page.json.gz", page, "application/gzip", Map.of("xlake-run-id", "r1"));
        String again = store.putIfAbsent("a/page.json.gz", page, "application/gzip", Map.of("xlake-run-id", "r1"));

        assertThat(again).isEqualTo(etag);
        StoredObject stored = store.get("a/page.json.gz").orElseThrow();
        assertThat(stored.content()).isEqualTo(page);
        assertThat(stored.contentType()).isEqualTo("application/gzip");
        assertThat(stored.metadata()).containsEntry("xlake-run-id", "r1");
        assertThatThrownBy(() -> store.putIfAbsent("a/page.json.gz", body("other", 50), "application/gzip", Map.of()))
                .isInstanceOf(ObjectConflictException.class)
                .hasMessageContaining("it already exists");
    }

    @Test
    void shouldReplaceOnlyTheVersionItRead() {
        for (int size : new int[] {100, 2_000_000}) {
            String key = "b/checkpoint-" + size + ".json";
            String first = store.putIfAbsent(key, body("v1", size), "application/json", Map.of());
            String second = store.replaceIfMatch(key, body("v2", size), "application/json", Map.of(), first);

            assertThat(second).isNotEqualTo(first);
            assertThatThrownBy(() -> store.replaceIfMatch(key, body("v3", size), "application/json", Map.of(), first))
                    .as("stale ETag, body of %d bytes", size)
                    .isInstanceOf(ObjectConflictException.class)
                    .hasMessageContaining("it changed since ETag");
            assertThat(store.get(key).orElseThrow().content()).isEqualTo(body("v2", size));
        }
    }

    @Test
    void shouldDeleteOnlyTheVersionItRead() {
        String first = store.putIfAbsent("c/claim.json", body("v1", 10), "application/json", Map.of());
        String second = store.replaceIfMatch("c/claim.json", body("v2", 10), "application/json", Map.of(), first);

        assertThatThrownBy(() -> store.deleteIfMatch("c/claim.json", first))
                .isInstanceOf(ObjectConflictException.class)
                .hasMessageContaining("it changed since ETag " + first);
        store.deleteIfMatch("c/claim.json", second);
        store.deleteIfMatch("c/claim.json", second);

        assertThat(store.get("c/claim.json")).isEmpty();
    }
}
