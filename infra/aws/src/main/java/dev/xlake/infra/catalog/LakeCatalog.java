package dev.xlake.infra.catalog;

import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.constructs.Construct;

/**
 * The Glue database and tables over {@code curated/}, with partition projection so that Athena
 * finds each new {@code query=}/{@code dt=} or {@code id_bucket=} directory without a crawler or
 * {@code MSCK REPAIR}: the partitions are computed from the table properties below.
 */
public final class LakeCatalog extends Construct {

    public static final String TWEETS_TABLE = LakeTables.TWEETS.name();
    public static final String USERS_TABLE = LakeTables.USERS.name();

    private static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    private final XlakeConfig config;
    private final DataLakeBucket lake;
    private final CfnDatabase database;

    public LakeCatalog(Construct scope, String id, XlakeConfig config, DataLakeBucket lake) {
        super(scope, id);
        this.database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Stack.of(this).getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(config.glueDatabase())
                        .description("xlake: X recent-search results as Parquet (docs/schema.md)")
                        .build())
                .build();
        this.config = config;
        this.lake = lake;
        table("TweetsTable", LakeTables.TWEETS, "One row per (query, tweet id); dt is the tweet's created_at UTC date");
        table(
                "UsersTable",
                LakeTables.USERS,
                "One row per user id; id_bucket is the unsigned id modulo 16, two digits");
    }

    /**
     * A Parquet table over {@code curated/<table name>/}; its partition folders
     * ({@code column=value/}, in the order of the partition columns) are projected.
     */
    private void table(String id, TableDef table, String description) {
        String location = lake.s3Uri(DataLakeBucket.CURATED_PREFIX + table.name() + "/");
        StringBuilder partitionTemplate = new StringBuilder(location);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("projection.enabled", "true");
        for (Column partition : table.partitionColumns()) {
            projectPartition(partition.name(), parameters);
            partitionTemplate
                    .append(partition.name())
                    .append("=${")
                    .append(partition.name())
                    .append("}/");
        }
        // ${...} is Athena's placeholder, not a CloudFormation one: the location is joined, never substituted.
        parameters.put("storage.location.template", partitionTemplate.toString());
        CfnTable glueTable = CfnTable.Builder.create(this, id)
                .catalogId(database.getCatalogId())
                .databaseName(config.glueDatabase())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(table.name())
                        .description(description)
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(LakeColumns.of(table.partitionColumns()))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location)
                                .inputFormat(PARQUET_INPUT)
                                .outputFormat(PARQUET_OUTPUT)
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary(PARQUET_SERDE)
                                        .parameters(Map.of("serialization.format", "1"))
                                        .build())
                                .columns(LakeColumns.of(table.fileColumns()))
                                .build())
                        .build())
                .build();
        glueTable.getNode().addDependency(database);
    }

    /** How Athena computes the values of a partition column, added to a table's parameters. */
    private void projectPartition(String column, Map<String, String> parameters) {
        String prefix = "projection." + column + ".";
        switch (column) {
            case LakeTables.QUERY -> {
                // An enum of the configured slugs: Athena can then list partitions without a WHERE on query.
                parameters.put(prefix + "type", "enum");
                parameters.put(
                        prefix + "values", String.join(",", config.queries().keySet()));
            }
            case LakeTables.DT -> {
                // dt is the tweet's created_at date; a fixed window keeps unfiltered scans bounded.
                parameters.put(prefix + "type", "date");
                parameters.put(prefix + "format", "yyyy-MM-dd");
                parameters.put(prefix + "range", "NOW-3YEARS,NOW");
                parameters.put(prefix + "interval", "1");
                parameters.put(prefix + "interval.unit", "DAYS");
            }
            case LakeTables.ID_BUCKET -> {
                parameters.put(prefix + "type", "integer");
                parameters.put(prefix + "range", "0," + (LakeTables.USER_BUCKETS - 1));
                parameters.put(prefix + "digits", "2");
            }
            default -> throw new IllegalArgumentException("Cannot project partition column " + column);
        }
    }

    public String databaseName() {
        return config.glueDatabase();
    }
}
