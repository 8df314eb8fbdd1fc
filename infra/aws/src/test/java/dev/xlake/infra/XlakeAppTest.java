package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the app finds what it deploys; the synthesis itself is covered by the stack tests. */
class XlakeAppTest {

    @TempDir
    Path repo;

    @Test
    void shouldFindTheBuiltJarsFromInsideTheRepository() throws IOException {
        Files.createDirectories(repo.resolve("lambda-fetch"));
        Files.writeString(repo.resolve("lambda-fetch/pom.xml"), "<project/>");
        Path appDir = Files.createDirectories(repo.resolve("infra/aws"));

        Path root = XlakeApp.repositoryRoot(appDir);
        XlakeConfig.Artifacts jars = XlakeApp.defaultArtifacts(root, "1.2.3");

        assertThat(root).isEqualTo(repo);
        assertThat(jars.fetchJar()).isEqualTo(repo.resolve("lambda-fetch/target/lambda-fetch-1.2.3-lambda.jar"));
        assertThat(jars.submitJar()).isEqualTo(repo.resolve("lambda-submit/target/lambda-submit-1.2.3-lambda.jar"));
        assertThat(jars.converterJar()).isEqualTo(repo.resolve("spark-convert/target/spark-convert-1.2.3.jar"));
    }

    @Test
    void shouldNameTheBuildCommandWhenAJarIsMissing() {
        Path missing = repo.resolve("spark-convert/target/spark-convert-1.2.3.jar");

        assertThatThrownBy(() -> XlakeApp.requireBuilt(missing, "spark-convert", XlakeConfig.CONVERTER_JAR))
                .hasMessageContainingAll(
                        "Cannot deploy spark-convert",
                        missing.toString(),
                        "./mvnw -pl spark-convert -am package",
                        "-c converterJar=");
    }

    @Test
    void shouldReadTheProjectVersionFromTheBuild() {
        assertThat(XlakeApp.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void shouldStayEnvironmentAgnosticWithoutCliCredentials() {
        assertThat(XlakeApp.environment(Map.of()).getAccount()).isNull();
        assertThat(XlakeApp.environment(
                                Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "eu-west-1"))
                        .getRegion())
                .isEqualTo("eu-west-1");
    }
}
