package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    /** A configuration with the session settings, without the JVM's cached local file system. */
    private static Configuration conf() {
        Configuration conf = new Configuration(false);
        NioLocalFileSystem.sessionSettings()
                .forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", "022");
        return conf;
    }

    private FileSystem fileSystem() throws IOException {
        return new Path(dir.toUri()).getFileSystem(conf());
    }

    @Test
    void shouldBeTheLocalFileSystemOfTheSessionSettings() throws IOException {
        assertThat(fileSystem()).isInstanceOf(NioLocalFileSystem.class);
        assertThat(FileSystem.getLocal(conf())).isInstanceOf(NioLocalFileSystem.class); // Spark's own use
    }

    @Test
    void shouldCreateFilesAndFoldersWithHadoopsPermissionsAndChecksums() throws IOException {
        // Given the file system
        FileSystem fs = fileSystem();
        Path file = new Path(dir.toUri().toString() + "a/b/data.parquet");

        // When a file is created in folders that do not exist yet
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }

        // Then the modes are Hadoop's defaults less the umask, as its chmod would set them
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/data.parquet"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
                .isEqualTo("rwxr-xr-x");
        // and the checksum file is written and checked as by Hadoop's LocalFileSystem
        assertThat(dir.resolve("a/b/.data.parquet.crc")).exists();
        try (FSDataInputStream in = fs.open(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rows");
        }
    }

    @Test
    void shouldSetTheRequestedPermission() throws IOException {
        FileSystem fs = fileSystem();
        Path file = new Path(dir.toUri().toString() + "x");
        fs.create(file).close();

        fs.setPermission(file, new FsPermission((short) 0754));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("x"))))
                .isEqualTo("rwxr-xr--");
        assertThat(NioLocalFileSystem.Raw.posix(new FsPermission((short) 0640)))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(NioLocalFileSystem.Raw.posix(new FsPermission((short) 0))).isEmpty();
    }
}
