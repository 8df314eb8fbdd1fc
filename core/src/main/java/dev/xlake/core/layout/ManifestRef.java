package dev.xlake.core.layout;

/**
 * A run manifest the fetcher wrote, identified by its bucket and decoded key. The run id and the
 * query slug come from the key ({@link RawKeys#parseManifest}), so submitting never has to read
 * the manifest itself.
 */
public record ManifestRef(String bucket, String key, String runId, String querySlug) {

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
