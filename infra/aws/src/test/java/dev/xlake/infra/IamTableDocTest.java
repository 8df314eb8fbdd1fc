package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.iam.TemplateValues;
import dev.xlake.infra.submit.SubmitFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's "Who may do what (IAM)" table states exactly the grants the synthesized
 * stack (default context) gives xlake's roles: every (principal, action, resource) of the table is
 * in a role's {@code AWS::IAM::Policy} and every grant there is in the table. Actions are written
 * in full ({@code s3:GetObject}) and resources as labels in backticks: a key pattern of the lake
 * bucket ({@code raw/*}), {@code bucket}, {@code artifacts bucket/*}, {@code cluster}, {@code any cluster},
 * {@code secret}, {@code submit alias}, {@code dead-letter queue}, {@code instance role}, {@code service role}, {@code glue:<resource>},
 * {@code *}; text outside backticks is commentary.
 */
class IamTableDocTest {

    static final Path DOC = Path.of("../../docs/architecture.md");
    static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    static final String LAKE = "arn:aws:s3:::BUCKET";
    static final String REGION_ACCOUNT = ":" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT + ":";

    @Test
    void shouldStateExactlyTheTemplatesGrants() throws IOException {
        SynthesizedStack synth = SynthesizedStack.of(Map.of());
        assertThat(documentedGrants()).isEqualTo(synthesizedGrants(synth));
    }

    static TreeSet<String> synthesizedGrants(SynthesizedStack synth) {
        Map<String, String> physical = new HashMap<>();
        synth.resources("AWS::S3::Bucket").keySet().forEach(id -> physical.put(id, id));
        physical.put(synth.lakeBucket(), "BUCKET");
        physical.put(synth.artifactsBucket(), "ARTIFACTS");
        synth.resources("AWS::EMR::Cluster").keySet().forEach(id -> physical.put(id, "CLUSTER"));
        synth.resources("AWS::SecretsManager::Secret").keySet().forEach(id -> physical.put(id, "secret"));
        synth.resources("AWS::SQS::Queue").keySet().forEach(id -> physical.put(id, "dead-letter queue"));
        synth.resources("AWS::KMS::Key").keySet().forEach(id -> physical.put(id, "local-disk key"));
        Map<String, String> principals = new LinkedHashMap<>();
        principals.put(synth.roleOf(FetchFunction.HANDLER), "fetch function");
        principals.put(synth.roleOf(SubmitFunction.HANDLER), "submit function");
        principals.put(synth.roleOf(ComplianceFunction.HANDLER), "compliance function");
        physical.put(
                synth.ofFunction(
                                "AWS::Lambda::Alias",
                                synth.function(SubmitFunction.HANDLER).getKey())
                        .getKey(),
                "submit alias");
        JsonNode cluster = synth.only("AWS::EMR::Cluster").getValue();
        String instanceRole = synth.instanceRole();
        principals.put(instanceRole, "EMR instances");
        principals.put(cluster.at("/Properties/ServiceRole/Ref").asText(), "EMR service role");
        physical.put(instanceRole, "instance role");
        physical.put(cluster.at("/Properties/ServiceRole/Ref").asText(), "service role");
        TemplateValues values = new TemplateValues(
                synth.json.path("Resources"), physical, SynthesizedStack.REGION, SynthesizedStack.ACCOUNT);

        TreeSet<String> grants = new TreeSet<>();
        principals.forEach((roleId, principal) -> synth.statementsOfRole(roleId).forEach(statement -> {
            assertThat(statement.path("Effect").asText())
                    .as(statement.toString())
                    .isEqualTo("Allow");
            for (String action : values.strings(statement.path("Action"))) {
                for (String resource : values.strings(statement.path("Resource"))) {
                    grants.add(principal + " | " + action + " | " + label(resource));
                }
            }
        }));
        return grants;
    }

    static String label(String resource) {
        if (resource.equals(LAKE)) {
            return "bucket";
        }
        if (resource.startsWith(LAKE + "/")) {
            return resource.substring(LAKE.length() + 1);
        }
        if (resource.startsWith("arn:aws:s3:::ARTIFACTS/")) {
            return "artifacts bucket/" + resource.substring("arn:aws:s3:::ARTIFACTS/".length());
        }
        if (resource.equals("arn:aws:elasticmapreduce" + REGION_ACCOUNT + "cluster/CLUSTER")) {
            return "cluster";
        }
        if (resource.equals("arn:aws:elasticmapreduce" + REGION_ACCOUNT + "cluster/*")) {
            return "any cluster";
        }
        if (resource.startsWith("arn:aws:glue" + REGION_ACCOUNT)) {
            return "glue:" + resource.substring(("arn:aws:glue" + REGION_ACCOUNT).length());
        }
        return resource;
    }

    static TreeSet<String> documentedGrants() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("## Who may do what (IAM)");
        assertThat(start).as("the IAM section of " + DOC).isNotNegative();
        TreeSet<String> grants = new TreeSet<>();
        String principal = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| principal")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (!cells[1].isBlank()) {
                principal = cells[1].strip();
            }
            for (String action : ticked(cells[2])) {
                if (!action.contains(":")) {
                    continue; // a managed policy's name, outside the template
                }
                for (String resource : ticked(cells[3])) {
                    grants.add(principal + " | " + action + " | " + resource);
                }
            }
        }
        return grants;
    }

    static List<String> ticked(String cell) {
        Matcher m = TICKED.matcher(cell);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
