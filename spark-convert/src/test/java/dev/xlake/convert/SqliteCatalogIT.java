package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.LakeFolder;
import dev.xlake.convert.fixtures.SparkPerClass;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's SQLite catalog leaves the database file to other connections between its own
 * statements: Iceberg's JDBC catalog, when it creates its own tables, keeps a result set open and
 * with it a read lock, which failed every other connection's commit (another thread's of its pool,
 * another process's) with {@code SQLITE_BUSY} (docs/benchmarks.md).
 */
class SqliteCatalogIT {

    @RegisterExtension
    static final SparkPerClass SPARK = SparkPerClass.local();

    @TempDir
    Path folder;

    @Test
    void shouldLeaveTheCatalogFileWritableByAnotherConnectionWhileTheLakeIsOpen() throws Exception {
        // Given a lake opened on a catalog file that holds the catalog's tables already (the session
        // used another lake in between, as the benchmark and a long-lived session do), and a commit
        String uri = LakeFolder.catalog(folder);
        String warehouse = LakeFolder.warehouse(folder);
        IcebergLake.open(SPARK.session(), uri, warehouse);
        IcebergLake.open(SPARK.session(), "jdbc:sqlite:" + folder.resolve("other.db"), warehouse + "-other");
        IcebergLake lake = IcebergLake.open(SPARK.session(), uri, warehouse);
        lake.users().updateProperties().set("xlake.test", "1").commit();

        // When another connection takes the file's exclusive lock, waiting a second at most
        Properties settings = new Properties();
        settings.setProperty("busy_timeout", "1000");
        try (Connection other = DriverManager.getConnection(uri, settings);
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("ROLLBACK");
        }

        // Then it got it (no SQLITE_BUSY), and the lake still commits
        lake.users().updateProperties().set("xlake.test", "2").commit();
        lake.users().refresh();
        assertThat(lake.users().properties()).containsEntry("xlake.test", "2");
    }
}
