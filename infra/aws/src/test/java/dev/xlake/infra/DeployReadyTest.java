package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.emr.ConverterCluster;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.iam.RequiredPermissions;
import dev.xlake.infra.iam.RolePolicy;
import dev.xlake.infra.iam.TemplateValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What a first deployment with no context needs to work (issue 16, findings 2 to 5), checked on
 * the synthesized template of the default configuration.
 */
class DeployReadyTest {

    static final SynthesizedStack synth = SynthesizedStack.of(Map.of());
    static final String BUCKET = "xlake-lake";
    static final StackRoles roles = StackRoles.ofDefaultStack();

    /** Finding 2: without -c emrSubnetId the cluster starts in a subnet EMR's managed policy accepts. */
    @Test
    void shouldStartTheClusterInATaggedSubnetOfItsOwnVpcWithAnS3GatewayEndpoint() {
        JsonNode cluster = synth.only("AWS::EMR::Cluster").getValue().path("Properties");
        String subnet = cluster.at("/Instances/Ec2SubnetId/Ref").asText();
        JsonNode subnetProperties = synth.propertiesOf(subnet);
        String vpc = subnetProperties.at("/VpcId/Ref").asText();

        assertThat(synth.json.at("/Resources/" + subnet + "/Type").asText()).isEqualTo("AWS::EC2::Subnet");
        assertThat(subnetProperties.path("MapPublicIpOnLaunch").asBoolean()).isTrue();
        assertThat(tags(subnetProperties)).containsEntry(ConverterCluster.EMR_MANAGED_POLICY_TAG, "true");
        assertThat(tags(synth.propertiesOf(vpc))).containsEntry(ConverterCluster.EMR_MANAGED_POLICY_TAG, "true");
        JsonNode endpoint = synth.only("AWS::EC2::VPCEndpoint").getValue().path("Properties");
        assertThat(endpoint.path("VpcEndpointType").asText()).isEqualTo("Gateway");
        assertThat(endpoint.path("ServiceName").toString()).contains(".s3");
        assertThat(endpoint.path("VpcId").path("Ref").asText()).isEqualTo(vpc);
        assertThat(synth.resources("AWS::EC2::NatGateway")).isEmpty();
    }

    @Test
    void shouldCreateNoVpcWhenASubnetIsGiven() {
        SynthesizedStack withSubnet = SynthesizedStack.of(Map.of(XlakeConfig.EMR_SUBNET_ID, "subnet-0abc"));

        assertThat(withSubnet.resources("AWS::EC2::VPC")).isEmpty();
        assertThat(withSubnet
                        .only("AWS::EMR::Cluster")
                        .getValue()
                        .at("/Properties/Instances/Ec2SubnetId")
                        .asText())
                .isEqualTo("subnet-0abc");
    }

    /** Finding 3: an account whose concurrency quota is 10 can deploy the default stack. */
    @Test
    void shouldReserveNoConcurrencyUnlessAsked() {
        JsonNode fetch = synth.function(FetchFunction.HANDLER).getValue().path("Properties");
        SynthesizedStack reserved = SynthesizedStack.of(Map.of(XlakeConfig.FETCH_RESERVED_CONCURRENCY, "true"));

        assertThat(fetch.has("ReservedConcurrentExecutions")).isFalse();
        assertThat(reserved.function(FetchFunction.HANDLER)
                        .getValue()
                        .at("/Properties/ReservedConcurrentExecutions")
                        .asInt())
                .isEqualTo(1);
    }

    /**
     * Finding 4: the requests EMRFS makes when the converter checks its output root
     * {@code s3://bucket/curated} (HEAD of the key and of its folder marker, a listing, the marker
     * written and removed) are allowed to the instance role; likewise for quarantine.
     */
    @Test
    void shouldLetTheConverterCheckItsOutputRoots() {
        RolePolicy instances = roles.policy(StackRoles.Role.CONVERTER_INSTANCE, BUCKET, "j-CLUSTER");
        for (String root : List.of("curated", "quarantine")) {
            assertThat(instances.decide("s3:GetObject", object(root))).as(root).isEqualTo(RolePolicy.Decision.ALLOWED);
            for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
                assertThat(instances.decide(action, object(root + "_$folder$")))
                        .as(action + " " + root + "_$folder$")
                        .isEqualTo(RolePolicy.Decision.ALLOWED);
            }
            assertThat(instances.decide("s3:GetObject", object(root + "/xlake.db/tweets/metadata/v1.metadata.json")))
                    .isEqualTo(RolePolicy.Decision.ALLOWED);
        }
        assertThat(instances.decide("s3:ListBucket", "arn:aws:s3:::" + BUCKET)).isEqualTo(RolePolicy.Decision.ALLOWED);
        assertThat(instances.decide("s3:DeleteObject", object("raw/x/page.json.gz")))
                .isEqualTo(RolePolicy.Decision.IMPLICIT_DENY);
    }

    /**
     * Finding 5: no role of the stack, CDK's deploy-time helpers included, may delete or overwrite
     * raw pages; only the fetch function writes them.
     */
    @Test
    void shouldLetNoRoleDeleteRawPagesAndOnlyTheFetchFunctionWriteThem() {
        String page = object("raw/x/recent-search/query=kpop/dt=2026-11-25/run=r/page-00001.json.gz");
        Map<String, String> physical = new HashMap<>();
        physical.put(synth.lakeBucket(), BUCKET);
        TemplateValues values = new TemplateValues(
                synth.json.path("Resources"), physical, SynthesizedStack.REGION, SynthesizedStack.ACCOUNT);
        Map<String, String> writers = new HashMap<>();
        for (String role : synth.resources("AWS::IAM::Role").keySet()) {
            RolePolicy policy = RolePolicy.of(role, synth.statementsOfRole(role), values);
            for (String action : List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject")) {
                if (policy.decide(action, page).allowed()) {
                    writers.put(role, action);
                }
            }
        }
        assertThat(writers).containsOnlyKeys(synth.roleOf(FetchFunction.HANDLER));
        assertThat(writers).containsValue("s3:PutObject");
    }

    static String object(String key) {
        return RequiredPermissions.objectArn(BUCKET, key);
    }

    static Map<String, String> tags(JsonNode properties) {
        Map<String, String> tags = new HashMap<>();
        StreamSupport.stream(properties.path("Tags").spliterator(), false)
                .forEach(tag ->
                        tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        return tags;
    }
}
