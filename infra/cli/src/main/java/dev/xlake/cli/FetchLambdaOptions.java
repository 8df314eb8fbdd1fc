package dev.xlake.cli;

import dev.xlake.config.BearerToken;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.time.Sleeper;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.xapi.HttpXApiClient;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The options of the commands that run the fetch Lambda's code ({@code xlake fetch}, {@code xlake
 * backfill}): the bucket, the S3 endpoint and the X API. They become the variables the Lambda reads
 * ({@link EnvNames}), and from there it is the Lambda's own code: {@link FetchConfig#fromEnv},
 * {@link S3Clients#fromEnv}, and a service built as the handler builds it.
 */
final class FetchLambdaOptions {

    @Option(names = "--bucket", paramLabel = "B", required = true, description = "Bucket for raw pages and state.")
    String bucket;

    @Mixin
    S3EndpointOption s3;

    @Mixin
    XApiOptions xApi;

    /** The process environment, which the Lambda's variables start from; tests replace it. */
    Map<String, String> shell = System.getenv();

    /** A service of the fetch Lambda, e.g. {@code FetchService::new}. */
    @FunctionalInterface
    interface ServiceConstructor<S> {
        S create(
                FetchConfig config,
                HttpXApiClient x,
                S3ObjectStore store,
                InstantSource clock,
                Sleeper sleeper,
                RandomGenerator random,
                RunIds.Factory runIds);
    }

    /** What a command does with the service while its S3 client is open. */
    @FunctionalInterface
    interface ServiceWork<S, R> {
        R run(S service) throws InterruptedException;
    }

    /**
     * The variables the Lambda would get from the CDK stack: the shell's, with the options and
     * {@code queries} on top.
     *
     * @param queries checked first, so that a bad query's message names the options or the file
     */
    Map<String, String> lambdaEnvironment(CommandSpec spec, Supplier<List<QuerySpec>> queries) {
        Map<String, String> env = new HashMap<>(shell);
        env.put(EnvNames.BUCKET, bucket);
        env.put(EnvNames.QUERIES, Json.toLine(Usage.check(spec, queries)));
        Usage.check(spec, () -> {
            xApi.putInto(env, shell);
            return env;
        });
        s3.endpoint().ifPresent(uri -> env.put(EnvNames.AWS_ENDPOINT_URL_S3, uri.toString()));
        return env;
    }

    /**
     * Runs {@code work} on a service built from {@code env} as the Lambda builds it (real sleeps,
     * secure randomness, random run ids); configuration and token problems are usage errors.
     */
    static <S, R> R withService(
            CommandSpec spec,
            Map<String, String> env,
            InstantSource clock,
            ServiceConstructor<S> constructor,
            ServiceWork<S, R> work)
            throws InterruptedException {
        FetchConfig config = Usage.check(spec, () -> FetchConfig.fromEnv(env));
        BearerToken token = Usage.check(spec, () -> XApiOptions.resolve(config.bearerTokenSource()));
        try (S3Client client = S3Clients.fromEnv(env)) {
            SecureRandom random = new SecureRandom();
            return work.run(constructor.create(
                    config,
                    new HttpXApiClient(config.xApiBaseUrl(), token, config.httpTimeout()),
                    new S3ObjectStore(client, config.bucket()),
                    clock,
                    Sleeper.REAL,
                    random,
                    RunIds.random(random)));
        }
    }

    /** X's 402: nothing more can be fetched until someone adds credits; what was kept resumes then. */
    static void reportCreditsDepleted(CommandSpec spec, String action, String kept) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Cannot " + action + ": X answered 402 CreditsDepleted: add credits or raise the spending limit"
                + " in the X Developer Console, then run again (" + kept + ": nothing is skipped)");
        err.flush();
    }
}
