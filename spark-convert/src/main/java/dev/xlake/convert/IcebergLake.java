package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curated tables as Iceberg tables: {@code xlake.tweets}, {@code xlake.users} and the other
 * tables of the pages' {@code includes} ({@link KeyedTable}) in an Iceberg catalog that Spark knows as {@value #CATALOG}, so SQL names them {@code xlake.xlake.tweets}.
 *
 * <p>The catalog is given as a string: {@code jdbc:sqlite:<file>} (Iceberg's JDBC catalog on an
 * embedded SQLite file, created if absent: local runs and tests) or {@code glue} (the Glue Data
 * Catalog, on AWS). The warehouse root is the converter's {@code --output}.
 *
 * <p>{@link #open} creates what is missing: the namespace, the tables (format version 2, which
 * Athena reads), and columns the definitions in core's {@link LakeTables} have and a table lacks
 * (added as optional columns, so rows written before read null). A column whose type differs
 * between table and definition stops the conversion before anything is written.
 */
public final class IcebergLake {

    /** The name Spark SQL knows the catalog by, and the namespace of the tables in it. */
    public static final String CATALOG = "xlake";

    public static final String NAMESPACE = "xlake";
    /** Snapshot summary property: the comma-separated run ids a snapshot converted. */
    public static final String RUNS_PROPERTY = "xlake.runs";

    /** The users table's partition field: Iceberg's {@code bucket(16, id)}. */
    static final String USERS_PARTITION = "id_hash_bucket";

    static final String SPARK_EXTENSIONS = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
    private static final String CATALOG_CONF = "spark.sql.catalog." + CATALOG;
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String INIT_CATALOG_TABLES = "jdbc.init-catalog-tables";

    private static final Logger LOG = LoggerFactory.getLogger(IcebergLake.class);

    private final Catalog catalog;
    private final TableDef tweetsDef;
    private final TableDef usersDef;
    private final Table tweets;
    /** Every table with one row per key ({@link KeyedTable#ALL}), users included, by name. */
    private final Map<String, Table> keyed = new LinkedHashMap<>();

    private IcebergLake(Catalog catalog, TableDef tweetsDef, TableDef usersDef) {
        this.catalog = catalog;
        this.tweetsDef = tweetsDef;
        this.usersDef = usersDef;
        ensureNamespace(catalog);
        this.tweets = ensureTable(catalog, tweetsDef, tweetsSpec(IcebergSchemas.schemaOf(tweetsDef)), "id");
        Table users = ensureTable(catalog, usersDef, usersSpec(IcebergSchemas.schemaOf(usersDef)), "id");
        for (KeyedTable<?> table : KeyedTable.ALL) {
            TableDef definition = definition(table);
            keyed.put(
                    table.name(),
                    table == KeyedTable.USERS
                            ? users
                            : ensureTable(
                                    catalog, definition, table.spec(IcebergSchemas.schemaOf(definition)), table.key()));
        }
    }

    /** The lake's tables as core defines them. */
    public static IcebergLake open(SparkSession spark, String catalog, String warehouse) {
        return open(spark, catalog, warehouse, LakeTables.TWEETS, LakeTables.USERS);
    }

    /** With other definitions of the two tables: tests evolve the schema through this. */
    static IcebergLake open(
            SparkSession spark, String catalog, String warehouse, TableDef tweetsDef, TableDef usersDef) {
        Map<String, String> properties = catalogProperties(catalog, warehouse);
        String extensions = spark.conf().get("spark.sql.extensions", "");
        if (!extensions.contains(SPARK_EXTENSIONS)) {
            throw new ConvertException("Cannot use catalog " + catalog
                    + ": the Spark session was started without spark.sql.extensions=" + SPARK_EXTENSIONS);
        }
        configure(spark, properties);
        try {
            return new IcebergLake(Spark3Util.loadIcebergCatalog(spark, CATALOG), tweetsDef, usersDef);
        } catch (ConvertException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConvertException("Cannot open catalog " + catalog + ": " + e.getMessage(), e);
        }
    }

    /**
     * The settings a Spark session must be started with to use the lake: they cannot be set on a
     * running session (the catalog settings themselves are set by {@link #open}).
     */
    public static Map<String, String> sessionSettings() {
        return Map.of("spark.sql.extensions", SPARK_EXTENSIONS);
    }

    /**
     * The Iceberg catalog properties for a catalog string; throws IllegalArgumentException with a
     * one-line message for anything but {@code jdbc:sqlite:<file>} and {@code glue}.
     */
    public static Map<String, String> catalogProperties(String catalog, String warehouse) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (catalog != null && catalog.startsWith(SQLITE_PREFIX) && catalog.length() > SQLITE_PREFIX.length()) {
            properties.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
            properties.put("uri", catalog);
            // V1 is the JDBC catalog's current schema (it knows views); V0 is kept only for old databases
            properties.put("jdbc.schema-version", "V1");
            // Hadoop's FileIO, so the s3a settings of the session apply to s3:// warehouses outside AWS
            properties.put("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
            // SQLite takes one writer at a time and, without a busy timeout, fails a commit at once
            // with SQLITE_BUSY while another connection reads (seen in the tick benchmark: a MERGE's
            // commit failed); the JDBC catalog hands jdbc.* properties to the driver
            properties.put("jdbc.busy_timeout", "30000");
            // Iceberg's JDBC catalog, when it creates its own tables, leaves a DatabaseMetaData.getTables
            // result set open on its first connection, and SQLite keeps a read lock for it as long
            // as the catalog is open: no other connection (another thread's of the pool, another
            // process's) can commit then, SQLITE_BUSY after the busy timeout (Iceberg 1.10,
            // sqlite-jdbc 3.54; docs/benchmarks.md). open() creates them with a catalog it closes
            // at once, so the catalog the session uses never does.
            properties.put(INIT_CATALOG_TABLES, "false");
        } else if ("glue".equals(catalog)) {
            properties.put("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
            properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        } else {
            throw new IllegalArgumentException(
                    "Cannot use catalog " + catalog + ": expected jdbc:sqlite:<file> or glue");
        }
        properties.put("warehouse", warehouse);
        // A conversion decides on the table's current snapshot and concurrent conversions commit to
        // the same tables: every load reads the catalog, never a cached table.
        properties.put("cache-enabled", "false");
        return properties;
    }

    public Table tweets() {
        return tweets;
    }

    public Table users() {
        return table(KeyedTable.USERS);
    }

    /** The referenced posts ({@code includes.tweets}): compliance deletes from it as from tweets. */
    public Table referencedTweets() {
        return table(KeyedTable.REFERENCED_TWEETS);
    }

    TableDef tweetsDef() {
        return tweetsDef;
    }

    /** The Iceberg table of a keyed table. */
    Table table(KeyedTable<?> table) {
        return keyed.get(table.name());
    }

    /** The definition a keyed table was opened with (users: {@link #usersDef}). */
    TableDef definition(KeyedTable<?> table) {
        return table == KeyedTable.USERS ? usersDef : table.definition();
    }

    /** The table's name in Spark SQL, e.g. {@code xlake.xlake.tweets}. */
    public static String sqlName(TableDef table) {
        return CATALOG + "." + NAMESPACE + "." + table.name();
    }

    static PartitionSpec tweetsSpec(Schema schema) {
        return PartitionSpec.builderFor(schema)
                .identity(LakeTables.QUERY)
                .day("created_at")
                .build();
    }

    static PartitionSpec usersSpec(Schema schema) {
        // Iceberg's bucket (a hash of the id string) is not the id_bucket column (unsigned id modulo
        // 16), which is kept for its readers: the partition field needs a name of its own.
        return PartitionSpec.builderFor(schema)
                .bucket("id", LakeTables.USER_BUCKETS, USERS_PARTITION)
                .build();
    }

    /**
     * Points the session's catalog at these properties. A session that used the catalog with other
     * properties (another lake: tests, a long-lived CLI session) forgets its loaded catalogs, as
     * Spark initialises a catalog once.
     */
    private static synchronized void configure(SparkSession spark, Map<String, String> properties) {
        boolean changed = !"org.apache.iceberg.spark.SparkCatalog"
                        .equals(spark.conf().get(CATALOG_CONF, null))
                || properties.entrySet().stream()
                        .anyMatch(p -> !p.getValue().equals(spark.conf().get(CATALOG_CONF + "." + p.getKey(), null)));
        if (!changed) {
            return;
        }
        String uri = properties.get("uri");
        if (uri != null) {
            createParentFolder(uri.substring(SQLITE_PREFIX.length()));
            createCatalogTables(spark, properties);
        }
        closeCurrent(spark);
        spark.conf().set(CATALOG_CONF, "org.apache.iceberg.spark.SparkCatalog");
        properties.forEach((key, value) -> spark.conf().set(CATALOG_CONF + "." + key, value));
        spark.sessionState().catalogManager().reset();
    }

    /**
     * Closes the catalog the session used before it is dropped: Spark's reset forgets catalogs
     * without closing them, and a JDBC catalog left open keeps its SQLite connections, one of
     * which held a lock that failed the next commit with {@code SQLITE_BUSY} (the tick benchmark
     * switches one session between two lakes every conversion). Tables loaded through it cannot
     * commit afterwards; {@link #open} loads them again.
     */
    private static void closeCurrent(SparkSession spark) {
        if (!"org.apache.iceberg.spark.SparkCatalog".equals(spark.conf().get(CATALOG_CONF, null))) {
            return;
        }
        try {
            if (spark.sessionState().catalogManager().catalog(CATALOG) instanceof SparkCatalog current
                    && current.icebergCatalog() instanceof Closeable closeable) {
                closeable.close();
            }
        } catch (IOException | RuntimeException e) {
            // the catalog it was pointed at is unusable (a bad URI, a deleted file): nothing to close
            LOG.debug("Cannot close the session's previous catalog: {}", e.toString());
        }
    }

    /**
     * Creates the JDBC catalog's own tables if missing, with a catalog closed at once: its open
     * result set and read lock go with it ({@link #catalogProperties}).
     */
    private static void createCatalogTables(SparkSession spark, Map<String, String> properties) {
        Map<String, String> creating = new LinkedHashMap<>(properties);
        creating.put(INIT_CATALOG_TABLES, "true");
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(spark.sparkContext().hadoopConfiguration());
        try (catalog) {
            catalog.initialize(CATALOG, creating);
        } catch (RuntimeException e) {
            throw new ConvertException("Cannot open catalog " + properties.get("uri") + ": " + e.getMessage(), e);
        }
    }

    private static void createParentFolder(String file) {
        java.nio.file.Path parent = java.nio.file.Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the catalog's folder " + parent + ": " + e.getMessage(), e);
        }
    }

    private static void ensureNamespace(Catalog catalog) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(Namespace.of(NAMESPACE))) {
            try {
                namespaces.createNamespace(Namespace.of(NAMESPACE));
            } catch (AlreadyExistsException e) {
                // created by a concurrent conversion: what was wanted
            }
        }
    }

    private static Table ensureTable(Catalog catalog, TableDef definition, PartitionSpec spec, String key) {
        TableIdentifier id = TableIdentifier.of(NAMESPACE, definition.name());
        if (!catalog.tableExists(id)) {
            try {
                return catalog.createTable(id, spec.schema(), spec, tableProperties(key));
            } catch (AlreadyExistsException e) {
                // created by a concurrent conversion: evolve it like any existing table
            }
        }
        Table table = catalog.loadTable(id);
        addMissingColumns(table, definition);
        return table;
    }

    /**
     * File metrics in full for the key column ({@code id}, {@code media_key}): the converter appends without merging when the bounds
     * prove new ids cannot already be there, and truncated bounds would prove less. Merge-on-read:
     * an upsert writes delete files for the rows it replaces, so its cost follows the new rows,
     * not the size of the partitions they land in.
     */
    static Map<String, String> tableProperties(String key) {
        return Map.of(
                TableProperties.FORMAT_VERSION,
                "2",
                TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + key,
                "full",
                TableProperties.PARQUET_COMPRESSION,
                "snappy",
                TableProperties.MERGE_MODE,
                "merge-on-read",
                TableProperties.UPDATE_MODE,
                "merge-on-read",
                TableProperties.DELETE_MODE,
                "merge-on-read");
    }

    /**
     * Adds the definition's columns the table lacks, each after the column it follows in the
     * definition (so an older table ends with the column order of a new one); refuses a column
     * whose type changed.
     */
    private static void addMissingColumns(Table table, TableDef definition) {
        Schema defined = IcebergSchemas.schemaOf(definition);
        UpdateSchema update = null;
        String previous = null;
        for (Types.NestedField field : defined.columns()) {
            Types.NestedField existing = table.schema().findField(field.name());
            if (existing == null) {
                update = update == null ? table.updateSchema() : update;
                update.addColumn(field.name(), field.type(), field.doc());
                if (previous == null) {
                    update.moveFirst(field.name());
                } else {
                    update.moveAfter(field.name(), previous);
                }
            }
            previous = field.name();
        }
        if (update != null) {
            update.commit();
            table.refresh();
        }
        Schema reassigned;
        try {
            reassigned = IcebergSchemas.withIdsOf(definition, table.schema());
        } catch (IllegalArgumentException e) {
            throw new ConvertException(
                    "Cannot use table " + table.name() + ": its schema does not match the definition: "
                            + e.getMessage(),
                    e);
        }
        for (Types.NestedField field : reassigned.columns()) {
            Types.NestedField existing = table.schema().findField(field.name());
            if (!Objects.equals(existing.type(), field.type())) {
                throw new ConvertException("Cannot use table " + table.name() + ": column " + field.name() + " is "
                        + existing.type() + " in the table but " + field.type() + " in the definition");
            }
        }
    }

    Catalog catalog() {
        return catalog;
    }
}
