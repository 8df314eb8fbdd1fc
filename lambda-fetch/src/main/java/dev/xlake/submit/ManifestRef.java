package dev.xlake.submit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run manifest the fetcher wrote, identified by its bucket and decoded key.
 *
 * <p>Only keys of the exact layout in docs/s3-layout.md count as manifests; the run id and the
 * query slug come from the key, so submitting never has to read the manifest itself.
 */
public record ManifestRef(String bucket, String key, String runId, String querySlug) {

    /** {@code yyyyMMdd'T'HHmmss'Z'-<6 lowercase hex>} (docs/s3-layout.md). */
    public static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");

    private static final Pattern MANIFEST_KEY =
            Pattern.compile("raw/x/recent-search/query=(?<slug>[a-z0-9-]{1,64})/dt=\\d{4}-\\d{2}-\\d{2}/run=(?<run>"
                    + RUN_ID.pattern() + ")/_manifest\\.json");

    /** The manifest at {@code key}, or empty if the key is not a run manifest. */
    public static Optional<ManifestRef> fromKey(String bucket, String key) {
        Matcher m = MANIFEST_KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ManifestRef(bucket, key, m.group("run"), m.group("slug")));
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
