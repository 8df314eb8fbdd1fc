package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.infra.nag.Acknowledged;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.IConstruct;

/**
 * The AWS Solutions rule pack (cdk-nag's {@code AwsSolutionsChecks}, the checks AWS's own solutions
 * pass) on the whole stack reports nothing that is not acknowledged with a reason in the template
 * (issue 12). A new resource or grant that breaks a rule fails here, naming the rule, the finding
 * and the construct.
 */
class CdkNagTest {

    @Test
    void shouldReportNoUnacknowledgedFindingOnTheDefaultStack() {
        assertThat(findings(SynthesizedStack.of(Map.of()).stack)).isEmpty();
    }

    @Test
    void shouldReportNoUnacknowledgedFindingWithKmsAnAlarmTopicAndAnExistingCluster() {
        assertThat(findings(SynthesizedStack.of(Map.of(
                                XlakeConfig.BUCKET_ENCRYPTION, "kms",
                                XlakeConfig.ALARM_EMAIL, "ops@example.com"))
                        .stack))
                .isEmpty();
        assertThat(findings(SynthesizedStack.of(Map.of(
                                XlakeConfig.EMR_CLUSTER_ID, "j-EXISTING",
                                XlakeConfig.EMR_INSTANCE_ROLE_NAME, "existing-role",
                                XlakeConfig.EMR_SUBNET_ID, "subnet-0abc"))
                        .stack))
                .isEmpty();
    }

    @Test
    void shouldWriteEveryAcknowledgementWithItsReasonIntoTheTemplate() {
        SynthesizedStack synth = SynthesizedStack.of(Map.of());
        List<String> acknowledged = new ArrayList<>();
        synth.json
                .path("Resources")
                .forEach(resource -> resource.at("/Metadata/cdk_nag/rules_to_suppress")
                        .forEach(rule -> {
                            assertThat(rule.path("reason").asText())
                                    .as(rule.path("id").asText())
                                    .hasSizeGreaterThan(40);
                            acknowledged.add(rule.path("id").asText());
                        }));
        String fetchPolicy = synth.json.path("Resources").toString();

        assertThat(acknowledged)
                .contains(
                        "AwsSolutions-EMR4",
                        "AwsSolutions-EMR5",
                        "AwsSolutions-EMR6",
                        "AwsSolutions-SMG4",
                        "AwsSolutions-SQS3",
                        "AwsSolutions-IAM5[Resource::<" + synth.lakeBucket() + ".Arn>/raw/*]",
                        "AwsSolutions-IAM5[Resource::<" + synth.lakeBucket() + ".Arn>/state/x/*]");
        assertThat(acknowledged).noneMatch(id -> id.startsWith("AwsSolutions-IAM5[Action::kms:"));
        assertThat(fetchPolicy).doesNotContain("kms:GenerateDataKey*", "kms:ReEncrypt*");
    }

    /** The check can fail: a wildcard nobody gave a reason for is named, and its acknowledgement clears it. */
    @Test
    void shouldNameAnUnacknowledgedWildcardAndClearItOnceAcknowledged() {
        Stack stack = new Stack(new App(), "nag-probe");
        Role role = Role.Builder.create(stack, "Probe")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        Policy policy = Policy.Builder.create(stack, "ProbePolicy")
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:aws:s3:::some-bucket/prefix/*"))
                        .build()))
                .roles(List.of(role))
                .build();

        assertThat(findings(stack))
                .containsExactly("AwsSolutions-IAM5[Resource::arn:aws:s3:::some-bucket/prefix/*] "
                        + "nag-probe/ProbePolicy/Resource");

        Acknowledged.wildcardResource(policy, "arn:aws:s3:::some-bucket/prefix/*", "a reason long enough to read");
        assertThat(findings(stack)).isEmpty();
    }

    /** One line per finding: {@code rule[finding] construct-path}, sorted, so a failure reads as a list. */
    static List<String> findings(IConstruct scope) {
        PolicyValidationPluginReport report = new AwsSolutionsChecks().validateScope(scope);
        TreeSet<String> lines = new TreeSet<>();
        report.getViolations()
                .forEach(violation -> violation
                        .getViolatingResources()
                        .forEach(resource -> lines.add(violation.getRuleName() + " " + resource.getConstructPath())));
        return List.copyOf(lines);
    }
}
