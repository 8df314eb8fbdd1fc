package dev.xlake.infra.storage;

import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.nag.Acknowledged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The one bucket of the data lake, laid out as docs/s3-layout.md says.
 *
 * <p>Retained when the stack is deleted: it holds the only copy of fetched pages (X's recent search
 * forgets after 7 days), so losing it cannot be undone by a redeploy.
 */
public final class DataLakeBucket extends Construct {

    public static final String RAW_PREFIX = "raw/";
    public static final String FETCH_STATE_PREFIX = "state/x/";
    /** The compliance passes (docs/compliance.md): the compliance function's and the compliance steps'. */
    public static final String COMPLIANCE_STATE_PREFIX = ComplianceKeys.PREFIX;

    public static final String SUBMIT_CLAIMS_PREFIX = RawKeys.CLAIMS_PREFIX;
    public static final String CURATED_PREFIX = RawKeys.CURATED_FOLDER + "/";

    public static final String QUARANTINE_PREFIX = "quarantine/";
    public static final String EMR_LOGS_PREFIX = "logs/emr/";

    /** S3 Standard-IA bills every object for at least this many days (S3 pricing). */
    public static final int INFREQUENT_ACCESS_MINIMUM_DAYS = 30;

    /** Server access logs are kept this long: enough to investigate an incident, not forever. */
    public static final int ACCESS_LOG_DAYS = 90;

    private final Bucket bucket;
    private final Bucket accessLogs;
    private final Optional<IKey> key;

    public DataLakeBucket(Construct scope, String id, XlakeConfig config) {
        super(scope, id);
        this.key = config.kmsEncryption()
                ? Optional.of(Key.Builder.create(this, "Key")
                        .description("Encrypts the xlake data-lake bucket")
                        .enableKeyRotation(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build())
                : Optional.empty();
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                // S3 server access logging can deliver only to SSE-S3 buckets.
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(ACCESS_LOG_DAYS))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Acknowledged.rule(
                accessLogs,
                "AwsSolutions-S1",
                "This bucket receives the server access logs of the lake and artifacts buckets; logging its own"
                        + " accesses would log the log deliveries themselves");
        Bucket.Builder builder = Bucket.Builder.create(this, "Bucket")
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("lake/")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .lifecycleRules(lifecycleRules(config))
                .removalPolicy(RemovalPolicy.RETAIN);
        if (key.isPresent()) {
            // A bucket key turns per-object KMS calls into per-bucket ones: far fewer requests to pay for.
            builder.encryption(BucketEncryption.KMS).encryptionKey(key.get()).bucketKeyEnabled(true);
        } else {
            builder.encryption(BucketEncryption.S3_MANAGED);
        }
        this.bucket = builder.build();
    }

    private static List<LifecycleRule> lifecycleRules(XlakeConfig config) {
        List<LifecycleRule> rules = new ArrayList<>();
        // Raw pages are read once by the converter, then only for re-conversion; they expire (30 days by
        // default) because they keep posts deleted on X, which only the tables' compliance pass removes.
        LifecycleRule.Builder raw = LifecycleRule.builder()
                .id("raw-pages")
                .prefix(RAW_PREFIX)
                .expiration(Duration.days(config.rawExpirationDays()));
        if (movesRawToInfrequentAccess(config)) {
            // Note that S3 does not transition objects under 128 KB by default, and most gzipped pages
            // are smaller than that.
            raw.transitions(List.of(Transition.builder()
                    .storageClass(StorageClass.INFREQUENT_ACCESS)
                    .transitionAfter(Duration.days(config.rawTransitionDays()))
                    .build()));
        }
        rules.add(raw.build());
        rules.add(LifecycleRule.builder()
                .id("quarantine")
                .prefix(QUARANTINE_PREFIX)
                .expiration(Duration.days(config.quarantineExpirationDays()))
                .build());
        // Checkpoints are rewritten every run; with versioning on, old versions would pile up forever.
        rules.add(LifecycleRule.builder()
                .id("noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(config.noncurrentVersionExpirationDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .expiredObjectDeleteMarker(true)
                .build());
        return rules;
    }

    /**
     * Whether raw pages move to Standard-IA before they expire: only when they would stay there at
     * least its 30-day minimum storage duration (an object deleted sooner is billed the 30 days
     * anyway, and S3 requires the expiry to come after the transition). With the defaults (30-day
     * expiry) they stay in Standard until they expire.
     */
    public static boolean movesRawToInfrequentAccess(XlakeConfig config) {
        return config.rawExpirationDays() >= config.rawTransitionDays() + INFREQUENT_ACCESS_MINIMUM_DAYS;
    }

    public IBucket bucket() {
        return bucket;
    }

    /** The private, TLS-only, expiring bucket that receives the server access logs. */
    public IBucket accessLogs() {
        return accessLogs;
    }

    public Optional<IKey> key() {
        return key;
    }

    /** Lets {@code grantee} read and write objects under the bucket's KMS key, when it has one. */
    public void grantKeyUse(IGrantable grantee) {
        key.ifPresent(k -> k.grant(grantee, "kms:Decrypt", "kms:GenerateDataKey"));
    }

    /** The {@code s3://bucket/prefix} form Spark and the Lambda config use. */
    public String s3Uri(String keyOrPrefix) {
        return "s3://" + bucket.getBucketName() + "/" + keyOrPrefix;
    }
}
