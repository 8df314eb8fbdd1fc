package dev.xlake.infra.catalog;

import dev.xlake.infra.storage.DataLakeBucket;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The Glue database that holds the curated Iceberg tables. The converter creates and commits the
 * tables themselves through Iceberg's GlueCatalog (each commit swaps the table's metadata
 * location), so Athena reads them as Iceberg tables with no crawler and no partition projection.
 * Its location puts the tables under {@code curated/xlake.db/<table>/} (locally, the JDBC catalog
 * puts them under {@code curated/xlake/<table>/} of its warehouse root).
 */
public final class LakeCatalog extends Construct {

    /** The Iceberg namespace of the tables (spark-convert's {@code IcebergLake.NAMESPACE}). */
    public static final String DATABASE = "xlake";

    public static final String TWEETS_TABLE = "tweets";
    public static final String USERS_TABLE = "users";

    private final CfnDatabase database;

    public LakeCatalog(Construct scope, String id, DataLakeBucket lake) {
        super(scope, id);
        this.database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Stack.of(this).getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(DATABASE)
                        .description("xlake: X recent-search results as Apache Iceberg tables (docs/schema.md)")
                        .locationUri(lake.s3Uri(DataLakeBucket.CURATED_PREFIX + DATABASE + ".db"))
                        .build())
                .build();
    }

    /**
     * What Iceberg's GlueCatalog needs to load, create and commit the tables of this database, and
     * nothing beyond it: Glue authorises table calls on the catalog, the database and the table.
     */
    public PolicyStatement readWriteTables() {
        return PolicyStatement.Builder.create()
                .sid("CommitIcebergTables")
                .actions(List.of(
                        "glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable"))
                .resources(List.of(glueArn("catalog", null), glueArn("database", DATABASE), tablesArn()))
                .build();
    }

    /** Every table of the database, as IAM names them. */
    public String tablesArn() {
        return glueArn("table", DATABASE + "/*");
    }

    private String glueArn(String resource, String name) {
        ArnComponents.Builder arn = ArnComponents.builder().service("glue").resource(resource);
        if (name != null) {
            arn.resourceName(name);
        }
        return Stack.of(this).formatArn(arn.build());
    }

    public String databaseName() {
        return DATABASE;
    }

    public CfnDatabase database() {
        return database;
    }
}
