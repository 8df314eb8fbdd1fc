package dev.xlake.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Turns a {@link BearerTokenSource} into the token. The secret lookup is a function so the
 * Lambda can pass Secrets Manager and tests a map; local runs never touch AWS.
 */
public final class BearerTokenResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BearerTokenResolver() {}

    /**
     * What {@code build} makes with the token, built on the first {@code get()} and then kept for
     * the container's life: the token is resolved then, not at initialisation, so the secret need
     * not exist when the function is deployed nor be frozen into a SnapStart snapshot.
     */
    public static <T> Supplier<T> onFirstUse(
            BearerTokenSource source, UnaryOperator<String> secretLookup, Function<BearerToken, T> build) {
        return new Supplier<>() {
            private T built;

            @Override
            public synchronized T get() {
                if (built == null) {
                    built = build.apply(resolve(source, secretLookup));
                }
                return built;
            }
        };
    }

    /** @param secretLookup secret id → secret string (only called for {@link BearerTokenSource.SecretsManager}) */
    public static BearerToken resolve(BearerTokenSource source, UnaryOperator<String> secretLookup) {
        if (source instanceof BearerTokenSource.Value value) {
            return value.token();
        }
        if (source instanceof BearerTokenSource.File file) {
            try {
                return BearerToken.of(
                        Files.readString(file.path(), StandardCharsets.UTF_8),
                        EnvNames.X_BEARER_TOKEN_FILE + " " + file.path());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot read X bearer token file " + file.path() + ": "
                                + e.getClass().getSimpleName(),
                        e);
            }
        }
        String secretId = ((BearerTokenSource.SecretsManager) source).secretId();
        String secret = secretLookup.apply(secretId);
        String origin = "secret " + secretId;
        if (secret != null && secret.strip().startsWith("{")) {
            try {
                JsonNode field = JSON.readTree(secret).get("bearer_token");
                if (field == null || !field.isTextual()) {
                    throw new IllegalArgumentException("Cannot use X bearer token from " + origin
                            + ": JSON secret has no string field bearer_token");
                }
                return BearerToken.of(field.asText(), origin);
            } catch (IOException e) {
                // Deliberately not chaining e: Jackson's message would quote the secret.
                throw new IllegalArgumentException(
                        "Cannot use X bearer token from " + origin + ": secret starts with '{' but is not valid JSON");
            }
        }
        return BearerToken.of(secret, origin);
    }

    /** The Lambdas' secret lookup: Secrets Manager, a client built for the one call and closed. */
    public static String readSecretsManager(String secretId) {
        // Built only when a secret is configured, used once per container, then closed.
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            return secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        }
    }
}
