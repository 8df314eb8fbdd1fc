package dev.xlake.infra.catalog;

import dev.xlake.core.schema.LakeTables;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.storage.DataLakeBucket;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final String databaseName;
    private final CfnDatabase database;

    public LakeCatalog(Construct scope, String id, XlakeConfig config, DataLakeBucket lake) {
        super(scope, id);
        String account = Stack.of(this).getAccount();
        this.databaseName = config.glueDatabase();
        this.database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(account)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(config.glueDatabase())
                        .description("xlake: X recent-search results as Parquet (docs/schema.md)")
                        .build())
                .build();

        String tweetsLocation = lake.s3Uri(DataLakeBucket.CURATED_TWEETS_PREFIX);
        Map<String, String> tweetsProjection = new LinkedHashMap<>();
        // An enum of the configured slugs: Athena can then list partitions without a WHERE on query.
        tweetsProjection.put("projection.query.type", "enum");
        tweetsProjection.put(
                "projection.query.values", String.join(",", config.queries().keySet()));
        // dt is the tweet's created_at date; a fixed window keeps unfiltered scans bounded.
        tweetsProjection.put("projection.dt.type", "date");
        tweetsProjection.put("projection.dt.format", "yyyy-MM-dd");
        tweetsProjection.put("projection.dt.range", "NOW-3YEARS,NOW");
        tweetsProjection.put("projection.dt.interval", "1");
        tweetsProjection.put("projection.dt.interval.unit", "DAYS");
        CfnTable tweets = table(
                "TweetsTable",
                config,
                account,
                TWEETS_TABLE,
                "One row per (query, tweet id); dt is the tweet's created_at UTC date",
                tweetsLocation,
                "query=${query}/dt=${dt}/",
                LakeColumns.of(LakeTables.TWEETS.fileColumns()),
                LakeColumns.of(LakeTables.TWEETS.partitionColumns()),
                tweetsProjection);

        String usersLocation = lake.s3Uri(DataLakeBucket.CURATED_USERS_PREFIX);
        Map<String, String> usersProjection = new LinkedHashMap<>();
        usersProjection.put("projection.id_bucket.type", "integer");
        usersProjection.put("projection.id_bucket.range", "0,15");
        usersProjection.put("projection.id_bucket.digits", "2");
        CfnTable users = table(
                "UsersTable",
                config,
                account,
                USERS_TABLE,
                "One row per user id; id_bucket is the unsigned id modulo 16, two digits",
                usersLocation,
                "id_bucket=${id_bucket}/",
                LakeColumns.of(LakeTables.USERS.fileColumns()),
                LakeColumns.of(LakeTables.USERS.partitionColumns()),
                usersProjection);
    }

    private CfnTable table(
            String id,
            XlakeConfig config,
            String account,
            String name,
            String description,
            String location,
            String partitionTemplate,
            List<CfnTable.ColumnProperty> columns,
            List<CfnTable.ColumnProperty> partitions,
            Map<String, String> projection) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("projection.enabled", "true");
        parameters.putAll(projection);
        // ${...} is Athena's placeholder, not a CloudFormation one: the location is joined, never substituted.
        parameters.put("storage.location.template", location + partitionTemplate);
        CfnTable table = CfnTable.Builder.create(this, id)
                .catalogId(account)
                .databaseName(config.glueDatabase())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(name)
                        .description(description)
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(partitions)
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location)
                                .inputFormat(PARQUET_INPUT)
                                .outputFormat(PARQUET_OUTPUT)
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary(PARQUET_SERDE)
                                        .parameters(Map.of("serialization.format", "1"))
                                        .build())
                                .columns(columns)
                                .build())
                        .build())
                .build();
        table.getNode().addDependency(database);
        return table;
    }

    public String databaseName() {
        return databaseName;
    }
}
