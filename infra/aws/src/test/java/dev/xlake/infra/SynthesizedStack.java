package dev.xlake.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the xlake stack the way the app does, from a context map, and offers the template
 * both as a CDK {@link Template} (for its matchers) and as JSON (for following references).
 *
 * <p>The jars come from {@code -Dxlake.fetchJar} / {@code -Dxlake.submitJar} / {@code -Dxlake.converterJar} when those name
 * built files, else from small placeholder jars: synthesis only hashes and copies them, so tests
 * do not depend on the order in which the reactor builds the modules.
 */
final class SynthesizedStack {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String QUERIES = "{\"aws\":\"#aws -is:retweet\",\"kpop\":\"#kpop lang:en\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Synthesis takes seconds: each distinct context is synthesized once per test JVM. */
    private static final Map<Map<String, Object>, SynthesizedStack> CACHE = new HashMap<>();

    final XlakeStack stack;
    final Template template;
    final JsonNode json;

    private SynthesizedStack(XlakeStack stack) {
        this.stack = stack;
        this.template = Template.fromStack(stack);
        this.json = JSON.valueToTree(template.toJSON());
    }

    /** The stack for {@code context} on top of the test defaults, synthesized under target/ once per JVM. */
    static synchronized SynthesizedStack of(Map<String, Object> context) {
        SynthesizedStack cached = CACHE.get(context);
        if (cached == null) {
            try {
                Files.createDirectories(Path.of("target"));
                cached = synthesize(Files.createTempDirectory(Path.of("target"), "synth-"), context);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create a synthesis directory under target/", e);
            }
            CACHE.put(Map.copyOf(context), cached);
        }
        return cached;
    }

    /** The synthesized stack's name (and so the value of the created cluster's xlake:stack tag). */
    static final String STACK_NAME = "xlake-test";

    /** Synthesizes with {@code context} on top of the test defaults (two queries, jars from {@code workDir}). */
    static SynthesizedStack synthesize(Path workDir, Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>();
        all.put(XlakeConfig.QUERIES, QUERIES);
        all.putAll(context);
        XlakeConfig config = XlakeConfig.fromContext(all::get, artifacts(workDir));
        App app = App.Builder.create()
                .outdir(workDir.resolve("cdk.out").toString())
                .build();
        XlakeStack stack = new XlakeStack(
                app,
                STACK_NAME,
                StackProps.builder()
                        .env(Environment.builder()
                                .account(ACCOUNT)
                                .region(REGION)
                                .build())
                        .build(),
                config);
        return new SynthesizedStack(stack);
    }

    static XlakeConfig.Artifacts artifacts(Path workDir) {
        return new XlakeConfig.Artifacts(
                builtOrPlaceholder("xlake.fetchJar", workDir.resolve("fetch/lambda-fetch-test-lambda.jar")),
                builtOrPlaceholder("xlake.submitJar", workDir.resolve("submit/lambda-submit-test-lambda.jar")),
                builtOrPlaceholder("xlake.converterJar", workDir.resolve("convert/spark-convert-test.jar")));
    }

    private static Path builtOrPlaceholder(String property, Path placeholder) {
        String built = System.getProperty(property);
        if (built != null && Files.isRegularFile(Path.of(built))) {
            return Path.of(built);
        }
        try {
            Files.createDirectories(placeholder.getParent());
            try (OutputStream out = Files.newOutputStream(placeholder);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("placeholder.txt"));
                zip.write("not a real jar: CDK synthesis only hashes and copies it".getBytes());
                zip.closeEntry();
            }
            return placeholder;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write placeholder jar " + placeholder, e);
        }
    }

    /** Logical ids and bodies of every resource of {@code type}. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new HashMap<>();
        json.get("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** The one resource of {@code type} matching {@code filter}; fails if there is not exactly one. */
    Map.Entry<String, JsonNode> only(String type, Predicate<JsonNode> filter) {
        List<Map.Entry<String, JsonNode>> matches = resources(type).entrySet().stream()
                .filter(e -> filter.test(e.getValue()))
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError("Expected one " + type + " matching, found " + matches.size());
        }
        return matches.get(0);
    }

    /** The one resource of {@code type}; fails if there is not exactly one. */
    Map.Entry<String, JsonNode> only(String type) {
        return only(type, resource -> true);
    }

    /** The logical id of the one resource of {@code type}. */
    String idOfOnly(String type) {
        return only(type).getKey();
    }

    /** The {@code Properties} of the resource with this logical id. */
    JsonNode propertiesOf(String logicalId) {
        return json.path("Resources").path(logicalId).path("Properties");
    }

    /** The one resource of {@code type} whose {@code FunctionName} refers to the function {@code functionId}. */
    Map.Entry<String, JsonNode> ofFunction(String type, String functionId) {
        return only(
                type,
                r -> functionId.equals(r.at("/Properties/FunctionName/Ref").asText()));
    }

    /** The function with this handler. */
    Map.Entry<String, JsonNode> function(String handler) {
        return only(
                "AWS::Lambda::Function",
                f -> handler.equals(f.path("Properties").path("Handler").asText()));
    }

    /** The logical id of the role a function runs as. */
    String roleOf(String handler) {
        return function(handler)
                .getValue()
                .path("Properties")
                .path("Role")
                .path("Fn::GetAtt")
                .get(0)
                .asText();
    }

    /** The properties of the poller's schedule: the one invoking the fetch function's alias. */
    JsonNode fetchSchedule() {
        return scheduleOf(dev.xlake.infra.fetch.FetchFunction.HANDLER);
    }

    /** The properties of the one schedule invoking the live alias of the function with this handler. */
    JsonNode scheduleOf(String handler) {
        String alias =
                ofFunction("AWS::Lambda::Alias", function(handler).getKey()).getKey();
        return only(
                        "AWS::Scheduler::Schedule",
                        s -> alias.equals(s.at("/Properties/Target/Arn/Ref").asText())
                                && s.at("/Properties/ScheduleExpression")
                                        .asText()
                                        .startsWith("rate("))
                .getValue()
                .path("Properties");
    }

    /** The logical id of the lake bucket: the one the functions are told to use ({@code XLAKE_BUCKET}). */
    String lakeBucket() {
        return function(dev.xlake.infra.fetch.FetchFunction.HANDLER)
                .getValue()
                .at("/Properties/Environment/Variables/" + dev.xlake.core.config.EnvNames.BUCKET + "/Ref")
                .asText();
    }

    /** The logical id of the bucket the converter jar is uploaded to. */
    String artifactsBucket() {
        return resources("AWS::S3::Bucket").keySet().stream()
                .filter(id -> id.contains("Artifacts"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No artifacts bucket in the template"));
    }

    /** The logical id of the created converter cluster's EC2 instance role (via its instance profile). */
    String instanceRole() {
        JsonNode cluster = only("AWS::EMR::Cluster").getValue();
        String profile = cluster.at("/Properties/JobFlowRole/Ref").asText();
        return resources("AWS::IAM::InstanceProfile")
                .get(profile)
                .at("/Properties/Roles/0/Ref")
                .asText();
    }

    /** Every statement of every IAM policy attached to the role with this logical id. */
    List<JsonNode> statementsOfRole(String roleLogicalId) {
        List<JsonNode> statements = new ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(policy -> {
            boolean attached = StreamSupport.stream(
                            policy.path("Properties").path("Roles").spliterator(), false)
                    .anyMatch(r -> roleLogicalId.equals(r.path("Ref").asText()));
            if (attached) {
                policy.path("Properties")
                        .path("PolicyDocument")
                        .path("Statement")
                        .forEach(statements::add);
            }
        });
        return statements;
    }

    /** A statement's actions or resources as a list, whether the template holds one or many. */
    static List<JsonNode> listOf(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else if (!node.isMissingNode()) {
            list.add(node);
        }
        return list;
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot parse JSON: " + e.getMessage(), e);
        }
    }

    String text() {
        return json.toString();
    }
}
