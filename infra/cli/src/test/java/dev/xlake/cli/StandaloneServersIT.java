package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code xlake s3} and {@code xlake x-emulator} serve real clients until stopped. */
class StandaloneServersIT {

    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    @Test
    void shouldServeS3WithTheGivenKeysUntilStopped() throws Exception {
        // Given
        CommandLine cli = cli();
        S3Command s3 = cli.getSubcommands().get("s3").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "s3",
                "--port",
                "0",
                "--dir",
                dir.toString(),
                "--access-key",
                "k",
                "--secret-key",
                "s3cret",
                "--bucket",
                "demo"));

        // When a client signs with those keys
        URI endpoint = URI.create(awaitUrl());
        try (S3Client client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s3cret")))
                .build()) {
            client.putObject(
                    b -> b.bucket("demo").key("a/b.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("hi"));
        }
        s3.foreground.stopSignal().complete(null);

        // Then the object is a file under --dir, and the command ends cleanly
        assertThat(dir.resolve("demo/a/b.txt")).hasContent("hi");
        assertThat(exit.get()).isZero();
    }

    @Test
    void shouldServeTheEmulatorWithItsTokenUntilStopped() throws Exception {
        // Given
        CommandLine cli = cli();
        XEmulatorCommand emulator = cli.getSubcommands().get("x-emulator").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("x-emulator", "--port", "0", "--bearer-token", "t0k", "--fault", "503"));
        String base = awaitUrl();
        HttpClient http = HttpClient.newHttpClient();
        URI search = URI.create(base + "/2/tweets/search/recent?query=%23kpop&max_results=10");

        // When
        int withoutToken = http.send(HttpRequest.newBuilder(search).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        int faulted = send(http, search);
        int ok = send(http, search);
        emulator.foreground.stopSignal().complete(null);

        // Then
        assertThat(withoutToken).isEqualTo(401);
        assertThat(faulted).isEqualTo(503);
        assertThat(ok).isEqualTo(200);
        assertThat(exit.get()).isZero();
        assertThat(out.toString()).contains("Bearer t0k");
    }

    private static int send(HttpClient http, URI uri) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer t0k")
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private CommandLine cli() {
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }

    private String awaitUrl() {
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("Ctrl-C"));
        Matcher m = URL.matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        return m.group(1);
    }
}
