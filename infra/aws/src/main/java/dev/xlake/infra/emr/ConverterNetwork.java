package dev.xlake.infra.emr;

import java.util.List;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * A network the created cluster can start in on any account, made when no {@code emrSubnetId} is
 * given: one VPC with one public subnet in one AZ, an internet gateway, no NAT gateway (EMR's
 * instances get public addresses; EMR's managed security groups and the account's EMR block
 * public access setting keep them closed) and an S3 gateway endpoint, so the lake's traffic stays
 * on AWS's network and costs nothing per GB. The VPC and subnet carry the tag
 * {@code AmazonEMRServicePolicy_v2} requires before EMR may launch instances or create its
 * security groups there; an untagged default VPC is why a cluster without it ends
 * TERMINATED_WITH_ERRORS.
 */
public final class ConverterNetwork extends Construct {

    private final Vpc vpc;

    /** Where rejected-traffic flow logs go, beside the buckets' access logs (and expiring with them). */
    public static final String FLOW_LOGS_PREFIX = "vpc-flow-logs/";

    public ConverterNetwork(Construct scope, String id, IBucket logs) {
        super(scope, id);
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.42.0.0/24"))
                .maxAzs(1)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("emr")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(26)
                        .build()))
                .gatewayEndpoints(java.util.Map.of(
                        "S3",
                        GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.S3)
                                .subnets(List.of(SubnetSelection.builder()
                                        .subnetType(SubnetType.PUBLIC)
                                        .build()))
                                .build()))
                .build();
        Tags.of(vpc).add(ConverterCluster.EMR_MANAGED_POLICY_TAG, "true");
        // Rejected connections only: what someone investigating a probe or a misconfigured security group
        // needs, at a fraction of the volume of all traffic (the converter moves gigabytes to S3).
        vpc.addFlowLog(
                "RejectedTraffic",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toS3(logs, FLOW_LOGS_PREFIX))
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build());
    }

    /** The one subnet the cluster starts in. */
    public String subnetId() {
        return vpc.getPublicSubnets().get(0).getSubnetId();
    }

    public Vpc vpc() {
        return vpc;
    }
}
