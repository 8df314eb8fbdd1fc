package dev.xlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads back what the fetcher stored, for assertions; works on any {@link ObjectStore}. */
public final class RawLakeReader {

    private final ObjectStore store;
    private final Function<String, List<String>> lister;

    /** @param lister prefix → keys under it, sorted */
    public RawLakeReader(ObjectStore store, Function<String, List<String>> lister) {
        this.store = store;
        this.lister = lister;
    }

    /** What lists the keys of {@code bucket} through {@code s3}: prefix → keys under it, sorted. */
    public static Function<String, List<String>> lister(S3Client s3, String bucket) {
        return prefix -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    public static String rawPrefix(String queryName) {
        return rawPrefix(RawKeys.Source.RECENT_SEARCH, queryName);
    }

    public static String rawPrefix(RawKeys.Source source, String queryName) {
        return source.rawPrefix() + "query=" + queryName + "/";
    }

    public List<String> keys(String prefix) {
        return lister.apply(prefix);
    }

    public List<String> pageKeys(String queryName) {
        return keys(rawPrefix(queryName)).stream()
                .filter(k -> k.endsWith(".json.gz"))
                .toList();
    }

    public List<Manifest> manifests(String queryName) {
        return manifests(RawKeys.Source.RECENT_SEARCH, queryName);
    }

    public List<Manifest> manifests(RawKeys.Source source, String queryName) {
        return keys(rawPrefix(source, queryName)).stream()
                .filter(k -> k.endsWith("/_manifest.json"))
                .map(k -> Json.read(object(k).content(), Manifest.class, k))
                .toList();
    }

    public Checkpoint checkpoint(String queryName) {
        return store.get(RawKeys.checkpoint(queryName))
                .map(o -> Json.read(o.content(), Checkpoint.class, "checkpoint"))
                .orElse(null);
    }

    public StoredObject object(String key) {
        return store.get(key).orElseThrow(() -> new AssertionError("missing object " + key));
    }

    public byte[] pageBody(String key) {
        try (GZIPInputStream in =
                new GZIPInputStream(new ByteArrayInputStream(object(key).content()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> tweetIds(String pageKey) {
        JsonNode root = Json.read(pageBody(pageKey), JsonNode.class, pageKey);
        List<String> ids = new ArrayList<>();
        root.path("data").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** Every tweet id of every page listed in any recent-search manifest of the query, duplicates kept. */
    public List<String> manifestedTweetIds(String queryName) {
        return manifestedTweetIds(RawKeys.Source.RECENT_SEARCH, queryName);
    }

    /** Every tweet id of every page listed in any manifest of the query from {@code source}, duplicates kept. */
    public List<String> manifestedTweetIds(RawKeys.Source source, String queryName) {
        List<String> ids = new ArrayList<>();
        for (Manifest m : manifests(source, queryName)) {
            for (PageEntry p : m.pages()) {
                ids.addAll(tweetIds(p.key()));
            }
        }
        return ids;
    }

    /** The objects under {@code prefix} whose (uncompressed) content or metadata contains {@code text}. */
    public List<String> keysContaining(String prefix, String text) {
        List<String> found = new ArrayList<>();
        for (String key : keys(prefix)) {
            StoredObject object = object(key);
            byte[] content = key.endsWith(".gz") ? pageBody(key) : object.content();
            if (new String(content, java.nio.charset.StandardCharsets.UTF_8).contains(text)
                    || object.metadata().toString().contains(text)) {
                found.add(key);
            }
        }
        return found;
    }

    /** Keys of the pages listed in manifests, duplicates kept. */
    public List<String> manifestedPageKeys(String queryName) {
        return manifests(queryName).stream()
                .flatMap(m -> m.pages().stream())
                .map(PageEntry::key)
                .toList();
    }
}
