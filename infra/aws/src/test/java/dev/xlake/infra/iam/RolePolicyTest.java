package dev.xlake.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.infra.iam.RolePolicy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolePolicyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUCKET_ARN = "arn:aws:s3:::lake";

    static RolePolicy policy(String... statements) {
        List<JsonNode> parsed = new ArrayList<>();
        try {
            for (String statement : statements) {
                parsed.add(JSON.readTree(statement));
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        JsonNode resources =
                JSON.createObjectNode().set("Lake", JSON.createObjectNode().put("Type", "AWS::S3::Bucket"));
        return RolePolicy.of(
                "TestRole", parsed, new TemplateValues(resources, Map.of("Lake", "lake"), "eu-west-1", "1"));
    }

    @Test
    void shouldAllowOnlyWhatAStatementNamesWithWildcards() {
        RolePolicy policy = policy("""
                {"Effect":"Allow","Action":["s3:GetObject","s3:Put*"],
                 "Resource":{"Fn::Join":["",[{"Fn::GetAtt":["Lake","Arn"]},"/raw/*"]]}}""");

        assertThat(policy.decide("s3:GetObject", BUCKET_ARN + "/raw/x/page.json.gz"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("S3:getobject", BUCKET_ARN + "/raw/a")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("s3:PutObject", BUCKET_ARN + "/raw/a")).isEqualTo(Decision.ALLOWED);
        assertThat(policy.decide("s3:GetObject", BUCKET_ARN + "/raw")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.decide("s3:GetObject", BUCKET_ARN + "/RAW/a")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.decide("s3:DeleteObject", BUCKET_ARN + "/raw/a")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.decide("s3:GetObject", "arn:aws:s3:::other/raw/a")).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void shouldLetAnExplicitDenyWin() {
        RolePolicy policy = policy(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}",
                "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::lake/raw/*\"}");

        assertThat(policy.decide("s3:DeleteObject", BUCKET_ARN + "/raw/a")).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policy.decide("s3:DeleteObject", BUCKET_ARN + "/curated/a")).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void shouldGrantNothingWithAConditionalAllowOrAnUnresolvedReference() {
        RolePolicy policy = policy(
                """
                {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::lake",
                 "Condition":{"StringLike":{"s3:prefix":"raw/*"}}}""",
                "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":{\"Fn::GetAtt\":[\"Other\",\"Arn\"]}}");

        assertThat(policy.decide("s3:ListBucket", BUCKET_ARN)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.decide("s3:GetObject", BUCKET_ARN + "/raw/a")).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void shouldRefuseToGuessNotAction() {
        assertThatThrownBy(() -> policy(
                        "{\"Sid\":\"Odd\",\"Effect\":\"Allow\",\"NotAction\":\"s3:DeleteObject\",\"Resource\":\"*\"}"))
                .hasMessage("Cannot evaluate the policy of role TestRole: statement Odd uses NotAction, which this "
                        + "evaluator does not model");
    }
}
