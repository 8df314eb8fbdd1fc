package dev.xlake.convert;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}), checksum files and all, except that it sets a file's
 * permissions through {@code java.nio} instead of a {@code chmod} process. Without Hadoop's native
 * library (not shipped with Spark's Hadoop client), {@link RawLocalFileSystem} starts a process for
 * every file and folder it creates, and for each one's {@code .crc} file: 12-16 ms each on the
 * 2-core machine, about 115 per tick into a local warehouse, most of the tick (docs/benchmarks.md).
 * The permissions set are the same; with the native library, or a mode {@code java.nio} cannot
 * express (the sticky bit), or a file system without POSIX attributes, it does what Hadoop does.
 *
 * <p>For local Spark sessions ({@link #sessionSettings}): a session on a cluster keeps Hadoop's own
 * class, since its executors may create their local file system before the job's jar is loaded.
 * Object stores (S3) do not go through it.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /**
     * The Spark settings that make a local session's {@code file:} paths use this class. Spark
     * reads the local file system before a conversion starts (its warehouse folder) and Hadoop
     * caches it per scheme, so this must be set when the session is built.
     */
    public static Map<String, String> sessionSettings() {
        return Map.of("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    }

    /** The raw local file system under the checksums, with the permissions set in-process. */
    static final class Raw extends RawLocalFileSystem {

        private static final boolean POSIX =
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            if (!POSIX || permission.getStickyBit() || NativeIO.isAvailable()) {
                super.setPermission(path, permission);
                return;
            }
            Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
        }

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            add(
                    set,
                    permission.getUserAction(),
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(
                    set,
                    permission.getGroupAction(),
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(
                    set,
                    permission.getOtherAction(),
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            return set;
        }

        private static void add(
                Set<PosixFilePermission> set,
                FsAction action,
                PosixFilePermission read,
                PosixFilePermission write,
                PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                set.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                set.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                set.add(execute);
            }
        }
    }
}
