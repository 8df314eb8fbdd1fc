package dev.xlake.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity policies of one role as the synthesized template states them, and IAM's decision
 * for one (action, resource) pair: an explicit {@code Deny} wins, else an {@code Allow} is needed,
 * else the request is implicitly denied. Actions match case-insensitively, resources
 * case-sensitively, both with IAM's {@code *} and {@code ?} wildcards; a resource pattern is
 * matched segment by segment ({@code arn:partition:service:region:account:resource}), a lone
 * {@code *} matching every resource.
 *
 * <p>What it does not model, so that nobody mistakes a green test for more than it is:
 * <ul>
 *   <li>{@code Condition} blocks: a conditional {@code Allow} is ignored (it grants nothing here)
 *       and a conditional {@code Deny} applies unconditionally, so the evaluator can only be
 *       stricter than IAM;
 *   <li>{@code NotAction}, {@code NotResource} and {@code NotPrincipal}: a role policy using them
 *       fails the evaluation loudly instead of being guessed at;
 *   <li>resource-based policies (bucket, key and secret policies), KMS grants, permission
 *       boundaries, session policies and SCPs: only the role's own {@code AWS::IAM::Policy}
 *       documents count (managed policies attached by ARN are outside the template and ignored);
 *   <li>template values it cannot resolve (see {@link TemplateValues}) match nothing.
 * </ul>
 */
public final class RolePolicy {

    /** IAM's outcome for one request. */
    public enum Decision {
        ALLOWED,
        IMPLICIT_DENY,
        EXPLICIT_DENY;

        public boolean allowed() {
            return this == ALLOWED;
        }
    }

    private record Statement(
            String sid, boolean allow, boolean conditional, List<String> actions, List<String> resources) {}

    private final String roleName;
    private final List<Statement> statements;

    private RolePolicy(String roleName, List<Statement> statements) {
        this.roleName = roleName;
        this.statements = List.copyOf(statements);
    }

    /** The role's statements (as in {@code PolicyDocument.Statement}) with their values resolved. */
    public static RolePolicy of(String roleName, List<JsonNode> statements, TemplateValues values) {
        List<Statement> parsed = new ArrayList<>();
        for (JsonNode statement : statements) {
            for (String unsupported : List.of("NotAction", "NotResource", "NotPrincipal")) {
                if (statement.has(unsupported)) {
                    throw new IllegalArgumentException("Cannot evaluate the policy of role " + roleName
                            + ": statement " + statement.path("Sid").asText("(no Sid)") + " uses " + unsupported
                            + ", which this evaluator does not model");
                }
            }
            parsed.add(new Statement(
                    statement.path("Sid").asText(""),
                    "Allow".equals(statement.path("Effect").asText()),
                    statement.has("Condition"),
                    values.strings(statement.path("Action")),
                    values.strings(statement.path("Resource"))));
        }
        return new RolePolicy(roleName, parsed);
    }

    public String roleName() {
        return roleName;
    }

    public Decision decide(String action, String resourceArn) {
        boolean allowed = false;
        for (Statement statement : statements) {
            boolean matches = statement.actions().stream().anyMatch(a -> actionMatches(a, action))
                    && statement.resources().stream().anyMatch(r -> resourceMatches(r, resourceArn));
            if (!matches) {
                continue;
            }
            if (!statement.allow()) {
                return Decision.EXPLICIT_DENY;
            }
            if (!statement.conditional()) {
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }

    static boolean actionMatches(String pattern, String action) {
        return glob(pattern.toLowerCase(Locale.ROOT))
                .matcher(action.toLowerCase(Locale.ROOT))
                .matches();
    }

    static boolean resourceMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!glob(patternParts[i]).matcher(arnParts[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
