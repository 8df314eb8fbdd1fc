package dev.xlake.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json} runs it): reads the context, checks that the jars to deploy are
 * built, and synthesizes the {@code xlake} stack. Needs no AWS credentials: without
 * {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION} the stack is environment-agnostic.
 */
public final class XlakeApp {

    public static final String STACK_NAME = "stackName";

    private XlakeApp() {}

    public static void main(String[] args) {
        App app = new App();
        XlakeConfig config = XlakeConfig.fromContext(
                app.getNode()::tryGetContext,
                defaultArtifacts(repositoryRoot(Path.of("").toAbsolutePath()), version()));
        requireBuilt(config.fetchJar(), "lambda-fetch", XlakeConfig.FETCH_JAR);
        requireBuilt(config.submitJar(), "lambda-submit", XlakeConfig.SUBMIT_JAR);
        requireBuilt(config.converterJar(), "spark-convert", XlakeConfig.CONVERTER_JAR);
        Object stackName = app.getNode().tryGetContext(STACK_NAME);
        new XlakeStack(
                app,
                stackName == null ? "xlake" : stackName.toString(),
                StackProps.builder()
                        .description("xlake: X API v2 recent search to a partitioned Parquet data lake")
                        .env(environment(System.getenv()))
                        .build(),
                config);
        app.synth();
    }

    /** The jars as the Maven build leaves them: {@code <module>/target/...}. */
    static XlakeConfig.Artifacts defaultArtifacts(Path repositoryRoot, String version) {
        return new XlakeConfig.Artifacts(
                repositoryRoot.resolve("lambda-fetch/target/lambda-fetch-" + version + "-lambda.jar"),
                repositoryRoot.resolve("lambda-submit/target/lambda-submit-" + version + "-lambda.jar"),
                repositoryRoot.resolve("spark-convert/target/spark-convert-" + version + ".jar"));
    }

    /** The nearest directory at or above {@code start} holding the lambda-fetch module. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lambda-fetch/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the xlake repository root (a directory with lambda-fetch/pom.xml)"
                + " at or above " + start + ": run the app from infra/aws, or set -c " + XlakeConfig.FETCH_JAR
                + "=... -c " + XlakeConfig.SUBMIT_JAR + "=... -c " + XlakeConfig.CONVERTER_JAR + "=...");
    }

    static void requireBuilt(Path jar, String module, String contextKey) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "Cannot deploy " + module + ": " + jar + " does not exist. Build it with " + "./mvnw -pl " + module
                            + " -am package -DskipTests, or name the jar with -c " + contextKey + "=...");
        }
    }

    /** Pins the stack to the CLI's account and region when it knows them, as {@code cdk init} apps do. */
    static Environment environment(Map<String, String> env) {
        return Environment.builder()
                .account(env.get("CDK_DEFAULT_ACCOUNT"))
                .region(env.get("CDK_DEFAULT_REGION"))
                .build();
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = XlakeApp.class.getResourceAsStream("/xlake-aws.properties")) {
            if (in == null) {
                throw new IllegalStateException("Cannot read xlake-aws.properties: not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read xlake-aws.properties", e);
        }
        return properties.getProperty("xlake.version");
    }
}
