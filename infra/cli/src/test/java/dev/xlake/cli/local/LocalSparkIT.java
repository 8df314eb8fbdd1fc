package dev.xlake.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.s3embedded.EmbeddedS3;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSparkIT {

    @TempDir
    static Path tmp;

    static EmbeddedS3 s3;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().dataDir(tmp.resolve("s3")).start();
        s3.createBucket("lake");
        spark = LocalSpark.start(S3Target.embedded(s3), tmp.resolve("spark"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
            LocalPipeline.closeHadoopFileSystems();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void shouldReadAndWriteS3UrisLikeEmrfsDoes() {
        // Given Parquet written through an s3:// URI, as the converter's --output is on EMR
        spark.createDataset(List.of("a", "b", "c"), Encoders.STRING())
                .toDF("id")
                .write()
                .parquet("s3://lake/curated/test");

        // When it is read back through the same URI
        List<String> ids = spark.read()
                .parquet("s3://lake/curated/test")
                .as(Encoders.STRING())
                .collectAsList();

        // Then the rows round-trip, and the files are in the embedded server's directory
        assertThat(ids).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(tmp.resolve("s3/lake/curated/test/_SUCCESS")).exists();
    }
}
