package dev.xlake.cli;

import dev.xlake.cli.local.LocalLayout;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xlake s3}: the embedded S3 server on its own, for the AWS CLI and other tools. */
@Command(
        name = "s3",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the embedded S3-compatible server (S3Proxy, filesystem back end) in the foreground "
                    + "until killed.",
            "The default directory is where 'xlake local' keeps its S3 data, so this serves its results."
        })
final class S3Command extends ServerCommand {

    static final int DEFAULT_PORT = 9000;

    @Option(
            names = "--dir",
            paramLabel = "D",
            defaultValue = LocalLayout.DEFAULT_DATA_DIR + "/" + LocalLayout.S3_SUBDIR,
            description = "Directory holding the buckets (one sub-directory each). Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(
            names = "--access-key",
            paramLabel = "K",
            defaultValue = EmbeddedS3.DEFAULT_ACCESS_KEY,
            description = "Access key clients must sign with. Default: ${DEFAULT-VALUE}.")
    String accessKey;

    @Option(
            names = "--secret-key",
            paramLabel = "S",
            defaultValue = EmbeddedS3.DEFAULT_SECRET_KEY,
            description = "Secret key clients must sign with. Default: ${DEFAULT-VALUE}.")
    String secretKey;

    @Option(
            names = "--bucket",
            paramLabel = "B",
            converter = BucketNameConverter.class,
            description = "Bucket to create at start if missing (repeatable).")
    List<String> buckets = List.of();

    S3Command() {
        super(DEFAULT_PORT);
    }

    @Override
    AutoCloseable start(PrintWriter out) {
        EmbeddedS3 s3 = EmbeddedS3.builder()
                .dataDir(dir)
                .port(port.port)
                .accessKey(accessKey)
                .secretKey(secretKey)
                .start();
        buckets.forEach(s3::createBucket);
        out.printf("S3 endpoint  %s  (path-style, region %s)%n", s3.endpoint(), s3.region());
        out.printf("data         %s%n", dir.toAbsolutePath().normalize());
        // Local development keys, chosen on this command line: printing them is the point.
        out.printf(
                "try          AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s \\%n"
                        + "               aws --endpoint-url %s s3 ls --recursive s3://<bucket>/%n",
                accessKey, secretKey, s3.region(), s3.endpoint());
        return s3;
    }
}
