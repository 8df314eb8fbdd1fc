package dev.xlake.infra.emr;

import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.storage.DataLakeBucket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emr.CfnCluster;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * Where the converter runs: an existing EMR cluster named by id, or one this stack creates
 * (EMR 7.x with Spark, terminated by EMR after an idle period). Either way the converter jar is
 * uploaded to {@code artifacts/} and the cluster's instances may read the raw pages and write the
 * curated tables, quarantine and logs, and nothing else of the bucket.
 */
public final class ConverterCluster extends Construct {

    /** The tag AmazonEMRServicePolicy_v2 requires on the resources EMR may act on. */
    public static final String EMR_MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";

    private final String clusterId;
    private final String converterJarUri;

    public ConverterCluster(Construct scope, String id, XlakeConfig config, DataLakeBucket lake) {
        super(scope, id);
        Path jar = config.converterJar();
        String converterJarKey = DataLakeBucket.ARTIFACTS_PREFIX + jar.getFileName();
        this.converterJarUri = lake.s3Uri(converterJarKey);
        uploadConverterJar(lake, jar);

        if (config.emrClusterId().isPresent()) {
            this.clusterId = config.emrClusterId().get();
            config.emrInstanceRoleName()
                    .ifPresent(roleName ->
                            grantConverterAccess(Role.fromRoleName(this, "ExistingInstanceRole", roleName), lake));
        } else {
            this.clusterId = createCluster(config, lake).getRef();
        }
    }

    private void uploadConverterJar(DataLakeBucket lake, Path jar) {
        // A directory asset holding just the jar: a .jar asset would be treated as an archive and
        // unpacked, or, with extraction off, stored under its hash instead of its name.
        Path directory = jar.toAbsolutePath().getParent();
        BucketDeployment.Builder.create(this, "ConverterJar")
                .sources(List.of(Source.asset(
                        directory.toString(),
                        AssetOptions.builder()
                                .exclude(List.of("*", "!" + jar.getFileName()))
                                .build())))
                .destinationBucket(lake.bucket())
                .destinationKeyPrefix(DataLakeBucket.ARTIFACTS_PREFIX)
                // Keep older jars: steps submitted before this deployment may still be queued.
                .prune(false)
                .retainOnDelete(true)
                .memoryLimit(512)
                .build();
    }

    private CfnCluster createCluster(XlakeConfig config, DataLakeBucket lake) {
        Role instanceRole = Role.Builder.create(this, "InstanceRole")
                .description("xlake: EC2 instances of the converter cluster")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .build();
        Policy lakeAccess = grantConverterAccess(instanceRole, lake);
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
        config.emrSubnetId().ifPresent(instances::ec2SubnetId);

        CfnCluster cluster = CfnCluster.Builder.create(this, "Cluster")
                .name(config.emrClusterName())
                .releaseLabel(config.emrReleaseLabel())
                .applications(List.of(
                        CfnCluster.ApplicationProperty.builder().name("Spark").build()))
                .instances(instances.build())
                .serviceRole(serviceRole.getRoleName())
                .jobFlowRole(instanceProfile.getRef())
                .logUri(lake.s3Uri(DataLakeBucket.EMR_LOGS_PREFIX))
                .visibleToAllUsers(true)
                .autoTerminationPolicy(CfnCluster.AutoTerminationPolicyProperty.builder()
                        .idleTimeout(config.emrIdleTimeout().toSeconds())
                        .build())
                .tags(List.of(CfnTag.builder()
                        .key(EMR_MANAGED_POLICY_TAG)
                        .value("true")
                        .build()))
                .build();
        // EMR checks the roles when the cluster starts: they must exist with their policies first.
        cluster.getNode().addDependency(serviceRole, instanceRole, lakeAccess);
        return cluster;
    }

    /**
     * What spark-convert touches: reads pages and manifests under raw/ and its own jar under
     * artifacts/; rewrites partitions (Spark's commit protocol reads, writes and deletes) under
     * curated/ and quarantine/; EMR writes its logs.
     */
    private Policy grantConverterAccess(IRole role, DataLakeBucket lake) {
        Policy policy = Policy.Builder.create(this, "ConverterLakeAccess")
                .statements(List.of(
                        onObjects(
                                lake,
                                "ReadRawAndArtifacts",
                                List.of("s3:GetObject"),
                                DataLakeBucket.RAW_PREFIX,
                                DataLakeBucket.ARTIFACTS_PREFIX),
                        onObjects(
                                lake,
                                "RewriteCuratedAndQuarantine",
                                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                                DataLakeBucket.CURATED_PREFIX,
                                DataLakeBucket.QUARANTINE_PREFIX),
                        onObjects(
                                lake,
                                "WriteLogs",
                                List.of("s3:PutObject", "s3:AbortMultipartUpload"),
                                DataLakeBucket.EMR_LOGS_PREFIX),
                        PolicyStatement.Builder.create()
                                .sid("ListLake")
                                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                                .resources(List.of(lake.bucket().getBucketArn()))
                                .build()))
                .build();
        role.attachInlinePolicy(policy);
        lake.key().ifPresent(key -> key.grant(role, "kms:Decrypt", "kms:GenerateDataKey"));
        return policy;
    }

    private static PolicyStatement onObjects(
            DataLakeBucket lake, String sid, List<String> actions, String... keyPrefixes) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(Stream.of(keyPrefixes)
                        .map(prefix -> lake.bucket().arnForObjects(prefix + "*"))
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

    public String converterJarUri() {
        return converterJarUri;
    }
}
