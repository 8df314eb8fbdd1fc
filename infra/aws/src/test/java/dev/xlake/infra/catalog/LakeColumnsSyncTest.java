package dev.xlake.infra.catalog;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.glue.CfnTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Keeps the Glue columns in step with the converter's Parquet schema. The converter's schema is
 * Spark code, and Spark is not on this module's classpath, so the test reads the top-level
 * {@code field("name", Type, ...)} lines of {@code LakeSchema.java} from the source tree.
 */
class LakeColumnsSyncTest {

    static final Path LAKE_SCHEMA = Path.of("../../spark-convert/src/main/java/dev/xlake/convert/LakeSchema.java");
    /** Top-level fields sit at six spaces of indentation; nested struct fields deeper. */
    static final Pattern TOP_LEVEL_FIELD = Pattern.compile("^ {6}field\\((\"[a-z_]+\"|[A-Z_]+), ([A-Za-z_(]+)");
    static final Map<String, String> HIVE_TYPES = Map.of(
            "StringType", "string", "BooleanType", "boolean", "TimestampType", "timestamp", "LongType", "bigint",
            "STRINGS", "array<string>");
    static final Map<String, String> NAME_CONSTANTS = Map.of("QUERY", "query", "DT", "dt", "ID_BUCKET", "id_bucket");

    @Test
    void shouldDescribeEveryTweetColumnTheConverterWrites() throws IOException {
        assertThat(glue(LakeColumns.TWEETS_PARTITIONS, LakeColumns.TWEETS)).isEqualTo(converter("TWEETS"));
    }

    @Test
    void shouldDescribeEveryUserColumnTheConverterWrites() throws IOException {
        assertThat(glue(LakeColumns.USERS_PARTITIONS, LakeColumns.USERS)).isEqualTo(converter("USERS"));
    }

    /** Partition columns first, as the converter's schema lists them. Nested types are compared by name only. */
    private static Map<String, String> glue(List<CfnTable.ColumnProperty> partitions, List<CfnTable.ColumnProperty> columns) {
        Map<String, String> types = new LinkedHashMap<>();
        Stream.concat(partitions.stream(), columns.stream()).forEach(c ->
                types.put(c.getName(), c.getType().startsWith("array<struct") ? "array<struct>" : c.getType()));
        return types;
    }

    private static Map<String, String> converter(String schema) throws IOException {
        assumeThat(LAKE_SCHEMA).as("the spark-convert sources are beside this module").isRegularFile();
        List<String> lines = Files.readAllLines(LAKE_SCHEMA);
        int start = indexOf(lines, "StructType " + schema + " = ");
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            Matcher field = TOP_LEVEL_FIELD.matcher(line);
            if (field.find()) {
                String name = field.group(1).startsWith("\"")
                        ? field.group(1).replace("\"", "")
                        : NAME_CONSTANTS.getOrDefault(field.group(1), field.group(1));
                String type = field.group(2).startsWith("createArrayType(") ? "array<struct>"
                        : HIVE_TYPES.getOrDefault(field.group(2), "unmapped " + field.group(2));
                types.put(name, type);
            }
            if (line.contains("});")) {
                break;
            }
        }
        assertThat(types).as("fields of %s parsed from %s", schema, LAKE_SCHEMA).hasSizeGreaterThan(5);
        return types;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("No '" + text + "' in " + LAKE_SCHEMA);
    }
}
