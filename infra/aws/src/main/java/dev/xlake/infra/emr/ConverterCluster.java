package dev.xlake.infra.emr;

import dev.xlake.core.json.Json;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.catalog.LakeCatalog;
import dev.xlake.infra.nag.Acknowledged;
import dev.xlake.infra.storage.DataLakeBucket;
import dev.xlake.submit.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emr.CfnCluster;
import software.amazon.awscdk.services.emr.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * Where the converter runs: an existing EMR cluster named by id, or one this stack creates
 * (EMR 7.x with Spark, terminated by EMR after an idle period) in the configured subnet or in a
 * small VPC of its own ({@link ConverterNetwork}). Either way the converter jar is uploaded to an
 * artifacts bucket of its own, so that the upload's role (which may delete what it replaces) never
 * reaches the lake, and the cluster's instances may read the raw pages and write the curated
 * tables, quarantine and logs, and nothing else of the lake bucket.
 */
public final class ConverterCluster extends Construct {

    /** The tag AmazonEMRServicePolicy_v2 requires on the resources EMR may act on. */
    public static final String EMR_MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";

    /** The suffix of the empty objects EMRFS keeps as folder markers. */
    static final String FOLDER_MARKER = "_$folder$";

    private final String clusterId;
    private final Optional<ClusterReplacement> replacement;
    private final String converterJarUri;
    private final Bucket artifacts;
    private Key localDiskKey;

    public ConverterCluster(
            Construct scope, String id, XlakeConfig config, DataLakeBucket lake, Optional<LakeCatalog> catalog) {
        super(scope, id);
        Path jar = config.converterJar();
        this.artifacts = Bucket.Builder.create(this, "Artifacts")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(lake.accessLogs())
                .serverAccessLogsPrefix("artifacts/")
                // Holds only what a build reproduces; kept on stack deletion like the lake, so that
                // deleting the stack never fails on a non-empty bucket.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.converterJarUri = "s3://" + artifacts.getBucketName() + "/" + jar.getFileName();
        uploadConverterJar(jar);

        if (config.emrClusterId().isPresent()) {
            this.clusterId = config.emrClusterId().get();
            this.replacement = Optional.empty();
            config.emrInstanceRoleName()
                    .ifPresent(roleName -> grantConverterAccess(
                            Role.fromRoleName(this, "ExistingInstanceRole", roleName), lake, catalog));
        } else {
            Created created = createCluster(config, lake, catalog);
            this.clusterId = created.cluster().getRef();
            this.replacement = Optional.of(created.replacement());
        }
    }

    private void uploadConverterJar(Path jar) {
        // A directory asset holding just the jar: a .jar asset would be treated as an archive and
        // unpacked, or, with extraction off, stored under its hash instead of its name.
        Path directory = jar.toAbsolutePath().getParent();
        BucketDeployment.Builder.create(this, "ConverterJar")
                .sources(List.of(Source.asset(
                        directory.toString(),
                        AssetOptions.builder()
                                .exclude(List.of("*", "!" + jar.getFileName()))
                                .build())))
                .destinationBucket(artifacts)
                // Keep older jars: steps submitted before this deployment may still be queued.
                .prune(false)
                .retainOnDelete(true)
                .memoryLimit(512)
                .build();
    }

    /** The cluster this stack creates, and how the submit function starts another like it. */
    private record Created(CfnCluster cluster, ClusterReplacement replacement) {}

    private Created createCluster(XlakeConfig config, DataLakeBucket lake, Optional<LakeCatalog> catalog) {
        Role instanceRole = Role.Builder.create(this, "InstanceRole")
                .description("xlake: EC2 instances of the converter cluster")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .build();
        Policy lakeAccess = grantConverterAccess(instanceRole, lake, catalog);
        CfnInstanceProfile instanceProfile = CfnInstanceProfile.Builder.create(this, "InstanceProfile")
                .roles(List.of(instanceRole.getRoleName()))
                .build();

        Role serviceRole = Role.Builder.create(this, "ServiceRole")
                .description("xlake: EMR service role of the converter cluster")
                .assumedBy(new ServicePrincipal("elasticmapreduce.amazonaws.com"))
                .managedPolicies(
                        List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonEMRServicePolicy_v2")))
                .build();
        // The managed policy may pass only EMR's default instance role; ours is passed explicitly.
        instanceRole.grantPassRole(serviceRole);

        CfnCluster.JobFlowInstancesConfigProperty.Builder instances =
                CfnCluster.JobFlowInstancesConfigProperty.builder()
                        .masterInstanceGroup(CfnCluster.InstanceGroupConfigProperty.builder()
                                .name("primary")
                                .instanceCount(1)
                                .instanceType(config.emrPrimaryInstanceType())
                                .market("ON_DEMAND")
                                .build())
                        .coreInstanceGroup(CfnCluster.InstanceGroupConfigProperty.builder()
                                .name("core")
                                .instanceCount(config.emrCoreInstanceCount())
                                .instanceType(config.emrCoreInstanceType())
                                .market("ON_DEMAND")
                                .build())
                        // Steps arrive every fetch run; the auto-termination policy ends an idle cluster instead.
                        .keepJobFlowAliveWhenNoSteps(true)
                        .terminationProtected(false);
        String subnetId = config.emrSubnetId()
                .orElseGet(() -> new ConverterNetwork(this, "Network", lake.accessLogs()).subnetId());
        instances.ec2SubnetId(subnetId);

        CfnSecurityConfiguration security = securityConfiguration(lake, instanceRole, serviceRole);
        Map<String, String> icebergDefaults = Map.of("iceberg.enabled", "true");
        // project=xlake is the stack-wide tag (XlakeStack), which CloudFormation puts on this cluster too.
        Map<String, String> tags = new TreeMap<>(Map.of(
                EMR_MANAGED_POLICY_TAG,
                "true",
                ClusterReplacement.STACK_TAG,
                Stack.of(this).getStackName(),
                "project",
                "xlake"));
        CfnCluster cluster = CfnCluster.Builder.create(this, "Cluster")
                .securityConfiguration(security.getRef())
                .name(config.emrClusterName())
                .releaseLabel(config.emrReleaseLabel())
                .applications(List.of(
                        CfnCluster.ApplicationProperty.builder().name("Spark").build()))
                // EMR's bundled Iceberg (1.10 from emr-7.12) on Spark's classpath: the converter jar
                // does not carry its own.
                .configurations(List.of(CfnCluster.ConfigurationProperty.builder()
                        .classification("iceberg-defaults")
                        .configurationProperties(icebergDefaults)
                        .build()))
                .instances(instances.build())
                .serviceRole(serviceRole.getRoleName())
                .jobFlowRole(instanceProfile.getRef())
                .logUri(lake.s3Uri(DataLakeBucket.EMR_LOGS_PREFIX))
                .autoTerminationPolicy(CfnCluster.AutoTerminationPolicyProperty.builder()
                        .idleTimeout(config.emrIdleTimeout().toSeconds())
                        .build())
                .tags(tags.entrySet().stream()
                        .filter(tag -> !tag.getKey().equals("project"))
                        .map(tag -> CfnTag.builder()
                                .key(tag.getKey())
                                .value(tag.getValue())
                                .build())
                        .toList())
                .build();
        ClusterSpec spec = new ClusterSpec(
                config.emrClusterName(),
                config.emrReleaseLabel(),
                List.of("Spark"),
                Map.of("iceberg-defaults", icebergDefaults),
                config.emrPrimaryInstanceType(),
                config.emrCoreInstanceType(),
                config.emrCoreInstanceCount(),
                subnetId,
                serviceRole.getRoleName(),
                instanceProfile.getRef(),
                security.getRef(),
                lake.s3Uri(DataLakeBucket.EMR_LOGS_PREFIX),
                config.emrIdleTimeout().toSeconds(),
                tags);
        ClusterReplacement replacement = new ClusterReplacement(deployTimeJson(spec), serviceRole, instanceRole);
        acknowledgeClusterFindings(cluster, serviceRole);
        // EMR checks the roles when the cluster starts: they must exist with their policies first.
        cluster.getNode().addDependency(serviceRole, instanceRole, lakeAccess, localDiskKey);
        return new Created(cluster, replacement);
    }

    /**
     * The spec as JSON, written by the submit function's own record, with its deploy-time values
     * (references, attributes) resolved by CloudFormation inside the JSON's strings.
     */
    private String deployTimeJson(ClusterSpec spec) {
        return Stack.of(this)
                .toJsonString(Json.read(spec.toJson().getBytes(StandardCharsets.UTF_8), Map.class, "the cluster spec"));
    }

    private static void acknowledgeClusterFindings(CfnCluster cluster, Role serviceRole) {
        Acknowledged.rule(
                cluster,
                "AwsSolutions-EMR4",
                "The security configuration does encrypt local disks and EBS volumes with a KMS key"
                        + " (OperateSafelyTest); cdk-nag 3.0.2's EMR4 reads EnableAtRestEncryption at the top of the"
                        + " configuration rather than under EncryptionConfiguration, where EMR's schema puts it");
        Acknowledged.rule(
                cluster,
                "AwsSolutions-EMR5",
                "In-transit encryption needs TLS certificates only the operator can provide (docs/deploy-aws.md,"
                        + " 'Encryption in transit'); the cluster's traffic stays inside its VPC");
        Acknowledged.rule(
                cluster,
                "AwsSolutions-EMR6",
                "No one logs in to the converter's instances: with no key pair there is no SSH access at all;"
                        + " steps arrive through the EMR API under IAM, and no multi-user service needs Kerberos");
        Acknowledged.finding(
                serviceRole,
                "AwsSolutions-IAM4",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
                "AmazonEMRServicePolicy_v2 is the service-role policy AWS maintains for EMR; it acts only on"
                        + " resources tagged " + EMR_MANAGED_POLICY_TAG
                        + ", which the stack sets on its VPC and subnet");
    }

    /**
     * At-rest encryption of everything the cluster writes: EMRFS objects as the lake bucket
     * encrypts them (SSE-S3, or SSE-KMS with the lake's key), and the instances' local disks and
     * EBS volumes (HDFS, shuffle and spill files) with a KMS key of the stack's own, which the
     * instances use and EMR's service role may grant to EBS. In-transit encryption is off: EMR
     * needs TLS certificates for it that only the operator can provide (docs/deploy-aws.md says how
     * to turn it on); Spark's traffic between the cluster's two instances stays inside the VPC.
     */
    private CfnSecurityConfiguration securityConfiguration(DataLakeBucket lake, Role instanceRole, Role serviceRole) {
        this.localDiskKey = Key.Builder.create(this, "LocalDiskKey")
                .description("xlake: encrypts the converter cluster's local disks and EBS volumes")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // What EMR's local-disk and EBS encryption calls, spelled out: grantEncryptDecrypt would add the
        // GenerateDataKey* and ReEncrypt* wildcards, which also cover key pairs the cluster never makes.
        localDiskKey.grant(
                instanceRole,
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncryptFrom",
                "kms:ReEncryptTo",
                "kms:GenerateDataKey",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:DescribeKey");
        localDiskKey.grant(
                serviceRole,
                "kms:CreateGrant",
                "kms:ListGrants",
                "kms:RevokeGrant",
                "kms:DescribeKey",
                "kms:GenerateDataKeyWithoutPlaintext");
        Map<String, Object> s3 = lake.key().isPresent()
                ? Map.of(
                        "EncryptionMode",
                        "SSE-KMS",
                        "AwsKmsKey",
                        lake.key().get().getKeyArn())
                : Map.of("EncryptionMode", "SSE-S3");
        Map<String, Object> encryption = Map.of(
                "EnableInTransitEncryption", false,
                "EnableAtRestEncryption", true,
                "AtRestEncryptionConfiguration",
                        Map.of(
                                "S3EncryptionConfiguration",
                                s3,
                                "LocalDiskEncryptionConfiguration",
                                Map.of(
                                        "EncryptionKeyProviderType",
                                        "AwsKms",
                                        "AwsKmsKey",
                                        localDiskKey.getKeyArn(),
                                        "EnableEbsEncryption",
                                        true)));
        CfnSecurityConfiguration security = CfnSecurityConfiguration.Builder.create(this, "SecurityConfiguration")
                .securityConfiguration(Map.of("EncryptionConfiguration", encryption))
                .build();
        security.getNode().addDependency(localDiskKey);
        return security;
    }

    /**
     * What spark-convert touches: reads pages and manifests under raw/ and its own jar in the
     * artifacts bucket; writes Iceberg data and metadata files (and deletes them in maintenance)
     * under curated/, quarantine records under quarantine/, and commits the tables of the Glue
     * database; the compliance steps keep the pass files under state/x/compliance/; EMR writes its
     * logs. EMRFS also addresses the output roots
     * themselves: checking {@code s3://bucket/curated} is a HEAD of the key {@code curated} and of
     * its folder marker {@code curated_$folder$}, which it may also create and remove; without
     * them the converter is refused before it writes anything.
     */
    private Policy grantConverterAccess(IRole role, DataLakeBucket lake, Optional<LakeCatalog> catalog) {
        // The compliance steps' folder is a root of its own for EMRFS: the apply step removes a pass's
        // folder under it, after which EMRFS keeps the emptied parent as a folder marker.
        List<String> outputRoots = Stream.of(
                        DataLakeBucket.CURATED_PREFIX,
                        DataLakeBucket.QUARANTINE_PREFIX,
                        DataLakeBucket.COMPLIANCE_STATE_PREFIX)
                .map(prefix -> prefix.substring(0, prefix.length() - 1))
                .toList();
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                onObjects(lake, "ReadRaw", List.of("s3:GetObject"), DataLakeBucket.RAW_PREFIX + "*"),
                PolicyStatement.Builder.create()
                        .sid("ReadConverterJar")
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(artifacts.arnForObjects("*.jar")))
                        .build(),
                onObjects(
                        lake,
                        "RewriteCuratedAndQuarantine",
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                        DataLakeBucket.CURATED_PREFIX + "*",
                        DataLakeBucket.QUARANTINE_PREFIX + "*"),
                onObjects(lake, "CheckOutputRoots", List.of("s3:GetObject"), outputRoots.toArray(String[]::new)),
                onObjects(
                        lake,
                        "KeepOutputRootMarkers",
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                        outputRoots.stream().map(root -> root + FOLDER_MARKER).toArray(String[]::new)),
                onObjects(
                        lake,
                        "KeepCompliancePasses",
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                        DataLakeBucket.COMPLIANCE_STATE_PREFIX + "*"),
                onObjects(
                        lake,
                        "WriteLogs",
                        List.of("s3:PutObject", "s3:AbortMultipartUpload"),
                        DataLakeBucket.EMR_LOGS_PREFIX + "*"),
                PolicyStatement.Builder.create()
                        .sid("ListLake")
                        .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                        .resources(List.of(lake.bucket().getBucketArn()))
                        .build()));
        catalog.ifPresent(c -> statements.add(c.readWriteTables()));
        Policy policy = Policy.Builder.create(this, "ConverterLakeAccess")
                .statements(statements)
                .build();
        role.attachInlinePolicy(policy);
        acknowledgeWildcards(policy, lake, catalog);
        lake.grantKeyUse(role);
        return policy;
    }

    /** Each wildcard of the converter's policy, with why its names are unknown at deploy time. */
    private void acknowledgeWildcards(Policy policy, DataLakeBucket lake, Optional<LakeCatalog> catalog) {
        Acknowledged.wildcardResource(
                policy,
                lake.bucket().arnForObjects(DataLakeBucket.RAW_PREFIX + "*"),
                "The converter reads the pages and manifests of any run under `raw/` (named by query, day and run"
                        + " id at fetch time); it may not write there");
        Acknowledged.wildcardResource(
                policy,
                lake.bucket().arnForObjects(DataLakeBucket.CURATED_PREFIX + "*"),
                "`curated/` is the Iceberg warehouse: data, delete and metadata files get generated names, and"
                        + " maintenance deletes expired and orphan ones");
        Acknowledged.wildcardResource(
                policy,
                lake.bucket().arnForObjects(DataLakeBucket.QUARANTINE_PREFIX + "*"),
                "`quarantine/` receives one record file per run for pages the converter cannot parse");
        Acknowledged.wildcardResource(
                policy,
                lake.bucket().arnForObjects(DataLakeBucket.COMPLIANCE_STATE_PREFIX + "*"),
                "`state/x/compliance/*` holds the compliance passes: the ids step writes one pass's id files, the"
                        + " apply step reads its results, writes its record and removes its working files, all named"
                        + " by pass id at run time");
        Acknowledged.wildcardResource(
                policy,
                lake.bucket().arnForObjects(DataLakeBucket.EMR_LOGS_PREFIX + "*"),
                "EMR writes step and container logs under `logs/emr/<cluster id>/`, ids known only at run time");
        Acknowledged.wildcardResource(
                policy,
                artifacts.arnForObjects("*.jar"),
                "The artifacts bucket holds only converter jars, named by project version; older ones stay for"
                        + " steps queued before a deployment");
        catalog.ifPresent(c -> Acknowledged.wildcardResource(
                policy,
                c.tablesArn(),
                "Iceberg's GlueCatalog creates and commits the tables of the xlake database (tweets, users, and"
                        + " any the schema adds); Glue authorises table calls per table"));
    }

    private static PolicyStatement onObjects(
            DataLakeBucket lake, String sid, List<String> actions, String... keyPatterns) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(Stream.of(keyPatterns)
                        .map(pattern -> lake.bucket().arnForObjects(pattern))
                        .toList())
                .build();
    }

    /** The cluster id ({@code j-...}), a deploy-time token when the stack creates the cluster. */
    public String clusterId() {
        return clusterId;
    }

    public String clusterArn() {
        return Stack.of(this)
                .formatArn(ArnComponents.builder()
                        .service("elasticmapreduce")
                        .resource("cluster")
                        .resourceName(clusterId)
                        .build());
    }

    /** How the submit function replaces the cluster; empty for a cluster passed by id (never replaced). */
    public Optional<ClusterReplacement> replacement() {
        return replacement;
    }

    public String converterJarUri() {
        return converterJarUri;
    }

    /** Where the converter jar is uploaded: its own bucket, out of the lake's reach. */
    public IBucket artifacts() {
        return artifacts;
    }
}
