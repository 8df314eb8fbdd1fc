package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spark schemas built from core's table definitions are exactly the schemas the lake's files
 * have always had: the same names, types, nullability and order, written out by hand as Spark SQL
 * DDL in {@code src/test/resources/lake-schema/<table>.ddl}, one column a line.
 */
class LakeSchemaTest {

    static Stream<Arguments> schemas() {
        return Stream.of(
                arguments("tweets", LakeSchema.TWEETS),
                arguments("users", LakeSchema.USERS),
                arguments("quarantine", LakeSchema.QUARANTINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldBuildTheSchemaFromTheTableDefinition(String table, StructType built) throws IOException {
        StructType written = StructType.fromDDL(ddl(table));

        assertThat(written.fieldNames()).as("the DDL file's columns").isNotEmpty();
        assertThat(built).isEqualTo(written);
    }

    private static String ddl(String table) throws IOException {
        try (InputStream in = LakeSchemaTest.class.getResourceAsStream("/lake-schema/" + table + ".ddl")) {
            if (in == null) {
                throw new IllegalArgumentException("Cannot find lake-schema/" + table + ".ddl on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
