package dev.xlake.convert;

import org.apache.hadoop.conf.Configuration;

/**
 * Points Hadoop's s3a at an S3-compatible server (embedded S3, LocalStack). Only used outside EMR:
 * on EMR, {@code s3://} is EMRFS and needs no settings.
 */
final class S3aSettings {

    private S3aSettings() {}

    static void pointAt(Configuration conf, String endpoint) {
        conf.set("fs.s3a.endpoint", endpoint);
        conf.set("fs.s3a.path.style.access", "true");
        conf.setBoolean("fs.s3a.connection.ssl.enabled", endpoint.startsWith("https:"));
        if (conf.get("fs.s3a.endpoint.region") == null) {
            String region = System.getenv("AWS_REGION");
            conf.set("fs.s3a.endpoint.region", region == null ? "us-east-1" : region);
        }
        // Outside EMR there is no EMRFS: let s3a serve the s3:// URIs that manifests and the CLI use.
        conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    }
}
