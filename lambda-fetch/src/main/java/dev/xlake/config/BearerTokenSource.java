package dev.xlake.config;

import java.nio.file.Path;

/** Where the X bearer token comes from; exactly one is configured. */
public sealed interface BearerTokenSource {

    /** AWS: a Secrets Manager secret (plain token, or JSON with a {@code bearer_token} field). */
    record SecretsManager(String secretId) implements BearerTokenSource {}

    /** Local: the token in {@value EnvNames#X_BEARER_TOKEN}. */
    record Value(BearerToken token) implements BearerTokenSource {}

    /** Local: a file holding the token. */
    record File(Path path) implements BearerTokenSource {}
}
