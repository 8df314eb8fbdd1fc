package dev.xlake.submit.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.xlake.core.bench.FreshJvmBench;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Tick;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3embedded.EmbeddedS3;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures the submit Lambda artifact: jar size, and for several fresh JVMs the time to the first
 * submitted step (claim on the embedded S3, {@code AddJobFlowSteps} to a WireMock EMR), next to a
 * warm second submission.
 *
 * <p>Run: {@code ./mvnw -pl lambda-submit -am -Pbench package -DskipTests} (args: lambda jar, test
 * classes dir, runs).
 */
public final class SubmitColdStartBench {

    private SubmitColdStartBench() {}

    public static void main(String[] args) throws Exception {
        FreshJvmBench bench = new FreshJvmBench(Path.of(args[0]), SubmitInvokeOnce.class);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        WireMockServer emr = new WireMockServer(options().dynamicPort());
        emr.start();
        emr.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("ElasticMapReduce.AddJobFlowSteps"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"StepIds\":[\"s-BENCH\"]}")));
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start()) {
            bench.run(runs, i -> {
                String bucket = "bench-" + i;
                s3.createBucket(bucket);
                // The two ticks SubmitInvokeOnce submits, as the fetch function writes them
                try (S3Client client = s3.newClient()) {
                    for (String tickId : SubmitInvokeOnce.TICKS) {
                        new S3ObjectStore(client, bucket)
                                .putIfAbsent(
                                        RawKeys.tick(tickId),
                                        new Tick(tickId, null, List.of(RawKeys.manifest("kpop", tickId))).toJson(),
                                        "application/json",
                                        Map.of());
                    }
                }
                Map<String, String> env = new LinkedHashMap<>();
                env.put(EnvNames.BUCKET, bucket);
                env.put("XLAKE_EMR_CLUSTER_ID", "j-BENCH");
                env.put("XLAKE_CONVERTER_JAR", "s3://" + bucket + "/artifacts/spark-convert.jar");
                env.put(EnvNames.AWS_ENDPOINT_URL_S3, s3.endpoint().toString());
                env.put("AWS_ENDPOINT_URL_EMR", emr.baseUrl());
                env.put(EnvNames.AWS_REGION, "us-east-1");
                env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
                return env;
            });
        } finally {
            emr.stop();
        }
    }
}
