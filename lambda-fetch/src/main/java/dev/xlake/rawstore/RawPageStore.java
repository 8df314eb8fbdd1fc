package dev.xlake.rawstore;

import dev.xlake.core.json.Json;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.PageRequest;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.s3.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw pages (gzip of the exact body bytes + metadata) and manifests, under the prefix of
 * their {@link RawKeys.Source}: recent search, or a full-archive backfill (same format).
 */
public final class RawPageStore {

    public static final String PAGE_CONTENT_TYPE = "application/gzip";

    private final ObjectStore store;
    private final RawKeys.Source source;

    public RawPageStore(ObjectStore store) {
        this(store, RawKeys.Source.RECENT_SEARCH);
    }

    public RawPageStore(ObjectStore store, RawKeys.Source source) {
        this.store = store;
        this.source = source;
    }

    /** What is known about a received page when it is stored. */
    public record PageToStore(
            String queryName,
            String runId,
            int page,
            byte[] body,
            int httpStatus,
            Instant fetchedAt,
            int resultCount,
            String newestId,
            String oldestId,
            RateLimit rateLimit,
            PageRequest request,
            long billablePosts,
            long billableUsers) {}

    public PageEntry store(PageToStore p) {
        String key = RawKeys.page(source, p.queryName(), p.runId(), p.page());
        String sha256 = sha256Hex(p.body());
        String fetchedAt = Timestamps.iso(p.fetchedAt());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("xlake-fetched-at", fetchedAt);
        metadata.put("xlake-http-status", Integer.toString(p.httpStatus()));
        metadata.put("xlake-query-name", p.queryName());
        metadata.put("xlake-run-id", p.runId());
        metadata.put("xlake-sha256", sha256);
        store.putIfAbsent(key, gzip(p.body()), PAGE_CONTENT_TYPE, metadata);
        return new PageEntry(
                key,
                p.page(),
                p.resultCount(),
                p.newestId(),
                p.oldestId(),
                sha256,
                p.body().length,
                fetchedAt,
                p.httpStatus(),
                p.rateLimit(),
                p.request(),
                p.billablePosts(),
                p.billableUsers());
    }

    /** A page read back: the exact body and the metadata it was stored with. */
    public record StoredPage(String key, byte[] body, Map<String, String> metadata) {}

    public Optional<StoredPage> readPage(String queryName, String runId, int page) {
        String key = RawKeys.page(source, queryName, runId, page);
        return store.get(key).map(o -> new StoredPage(key, gunzip(o.content(), key), o.metadata()));
    }

    public boolean manifestExists(String queryName, String runId) {
        return store.get(RawKeys.manifest(source, queryName, runId)).isPresent();
    }

    /** @return the manifest's key */
    public String putManifest(Manifest manifest) {
        String key = RawKeys.manifest(source, manifest.queryName(), manifest.runId());
        store.putIfAbsent(key, Json.toPrettyBytes(manifest), "application/json", Map.of());
        return key;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot gzip page in memory", e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz, String key) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read raw page " + key + ": not gzip", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
