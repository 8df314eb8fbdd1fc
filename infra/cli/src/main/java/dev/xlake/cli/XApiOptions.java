package dev.xlake.cli;

import dev.xlake.config.BearerToken;
import dev.xlake.config.BearerTokenResolver;
import dev.xlake.config.BearerTokenSource;
import dev.xlake.core.config.EnvNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --x-api-url URL} and {@code --bearer-token-file FILE}, the same on every command that
 * talks to X: the token comes from {@link EnvNames#X_BEARER_TOKEN} or the file, never both.
 */
final class XApiOptions {

    static final URI DEFAULT_URL = URI.create("https://api.x.com");

    @Option(
            names = "--x-api-url",
            paramLabel = "URL",
            description = "X API base URL, e.g. an 'xlake x-emulator'. Default: https://api.x.com.")
    URI url;

    @Option(
            names = "--bearer-token-file",
            paramLabel = "FILE",
            description = "File holding the X bearer token, when X_BEARER_TOKEN is not set (both: refused).")
    Path bearerTokenFile;

    /** The URL given, or {@link #DEFAULT_URL}. */
    URI url() {
        return url != null ? url : DEFAULT_URL;
    }

    /**
     * The token file, if given.
     *
     * @throws IllegalArgumentException if {@link EnvNames#X_BEARER_TOKEN} is set as well
     */
    Optional<Path> tokenFile(Map<String, String> environment) {
        if (bearerTokenFile != null && !isBlank(environment.get(EnvNames.X_BEARER_TOKEN))) {
            throw new IllegalArgumentException("Cannot choose the X bearer token: both --bearer-token-file and "
                    + EnvNames.X_BEARER_TOKEN + " are set; give one");
        }
        return Optional.ofNullable(bearerTokenFile);
    }

    /**
     * The token from the file or else from {@link EnvNames#X_BEARER_TOKEN}.
     *
     * @param missing the message when there is neither
     * @throws IllegalArgumentException if neither or both are given, or the file cannot be read
     */
    BearerToken token(Map<String, String> environment, String missing) {
        Optional<Path> file = tokenFile(environment);
        if (file.isEmpty()) {
            String variable = environment.get(EnvNames.X_BEARER_TOKEN);
            if (isBlank(variable)) {
                throw new IllegalArgumentException(missing);
            }
            return BearerToken.of(variable, EnvNames.X_BEARER_TOKEN);
        }
        try {
            return BearerToken.of(Files.readString(file.get()), "--bearer-token-file " + file.get());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read --bearer-token-file " + file.get() + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read --bearer-token-file " + file.get() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Puts what these options say into the Lambda's variables {@code env}: the X API URL, and the
     * token file instead of {@link EnvNames#X_BEARER_TOKEN} when one is given (locally the token
     * is never a Secrets Manager secret).
     *
     * @throws IllegalArgumentException if both a token file and the variable are given
     */
    void putInto(Map<String, String> env, Map<String, String> environment) {
        if (url != null) {
            env.put(EnvNames.X_API_BASE_URL, url.toString());
        }
        env.remove(EnvNames.X_BEARER_SECRET_ID);
        tokenFile(environment).ifPresent(file -> {
            env.remove(EnvNames.X_BEARER_TOKEN);
            env.put(EnvNames.X_BEARER_TOKEN_FILE, file.toString());
        });
    }

    /** The token as the fetch Lambda's configuration names it, resolved the CLI's way (no Secrets Manager). */
    static BearerToken resolve(BearerTokenSource source) {
        return BearerTokenResolver.resolve(source, secretId -> {
            throw new IllegalArgumentException("Cannot read secret " + secretId + ": the CLI reads the token from "
                    + EnvNames.X_BEARER_TOKEN + " or --bearer-token-file");
        });
    }
}
