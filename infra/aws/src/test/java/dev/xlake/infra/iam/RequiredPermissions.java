package dev.xlake.infra.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The IAM action and resource ARN each AWS request needs, per the service authorization reference
 * ("Actions, resources, and condition keys" for Amazon S3 and Amazon EMR). Only the operations
 * xlake's functions use are listed; any other operation fails the test so that this table grows
 * with the code instead of silently allowing.
 */
public final class RequiredPermissions {

    /** One permission a request needs. */
    public record Permission(String action, String resourceArn) {}

    private RequiredPermissions() {}

    /** What {@code operation} of {@code service} (the SDK's service names: "S3", "Emr") needs. */
    public static List<Permission> of(
            String service, String operation, SdkRequest request, String region, String account) {
        return switch (service) {
            case "S3" -> s3(operation, request);
            case "EMR", "Emr" -> emr(operation, request, region, account);
            default ->
                throw new IllegalArgumentException("Cannot check a " + service + " " + operation
                        + " request: no IAM mapping for service " + service);
        };
    }

    private static List<Permission> s3(String operation, SdkRequest request) {
        String bucket = field(request, "Bucket").orElseThrow();
        String bucketArn = "arn:aws:s3:::" + bucket;
        return switch (operation) {
            // HeadObject is authorised as s3:GetObject.
            case "GetObject", "HeadObject" -> List.of(new Permission("s3:GetObject", objectArn(bucket, request)));
            // Multipart uploads are authorised as s3:PutObject, part by part.
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                List.of(new Permission("s3:PutObject", objectArn(bucket, request)));
            case "AbortMultipartUpload" ->
                List.of(new Permission("s3:AbortMultipartUpload", objectArn(bucket, request)));
            case "DeleteObject" ->
                List.of(new Permission(
                        field(request, "VersionId").isPresent() ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
                        objectArn(bucket, request)));
            case "DeleteObjects" -> {
                List<Permission> each = new ArrayList<>();
                for (ObjectIdentifier id :
                        ((DeleteObjectsRequest) request).delete().objects()) {
                    each.add(new Permission("s3:DeleteObject", bucketArn + "/" + id.key()));
                }
                yield each;
            }
            // HeadBucket is authorised as s3:ListBucket.
            case "ListObjects", "ListObjectsV2", "HeadBucket" -> List.of(new Permission("s3:ListBucket", bucketArn));
            case "ListObjectVersions" -> List.of(new Permission("s3:ListBucketVersions", bucketArn));
            case "GetBucketLocation" -> List.of(new Permission("s3:GetBucketLocation", bucketArn));
            default ->
                throw new IllegalArgumentException(
                        "Cannot check S3 " + operation + ": RequiredPermissions has no IAM action for it yet");
        };
    }

    /** EMR's cluster-level actions take the cluster ARN; the request names the cluster by id. */
    private static List<Permission> emr(String operation, SdkRequest request, String region, String account) {
        String clusterId = field(request, "JobFlowId")
                .or(() -> field(request, "ClusterId"))
                .orElseThrow(() -> new IllegalArgumentException("Cannot check EMR " + operation
                        + ": it names no cluster, so RequiredPermissions cannot map it"));
        return List.of(new Permission(
                "elasticmapreduce:" + operation,
                "arn:aws:elasticmapreduce:" + region + ":" + account + ":cluster/" + clusterId));
    }

    /** The ARN S3 authorises an object request against: {@code arn:aws:s3:::bucket/key}. */
    public static String objectArn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    private static String objectArn(String bucket, SdkRequest request) {
        return objectArn(bucket, field(request, "Key").orElseThrow());
    }

    static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }
}
