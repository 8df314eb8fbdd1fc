package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swap on plain files: what it moves, what it deletes, and the journals it reads back. */
class PartitionSwapTest {

    @TempDir
    Path output;

    private final Configuration conf = new Configuration();

    @Test
    void shouldMoveTheNewFilesInDeleteTheOldOnesAndLeaveNoJournal() throws IOException {
        write("tweets/query=kpop/dt=2026-11-25/old-1.parquet");
        write("tweets/query=kpop/dt=2026-11-25/old-2.parquet");
        write("tweets/query=kpop/dt=2026-11-24/untouched.parquet");
        write("rewritten/query=kpop/dt=2026-11-25/new.parquet");
        write("rewritten/query=kpop/dt=2026-11-26/new-day.parquet");

        PartitionSwap.swap(
                conf,
                hadoop(output),
                "tweets",
                hadoop(output.resolve("rewritten")),
                hadoop(output.resolve("tweets")),
                List.of("query=kpop/dt=2026-11-25", "query=kpop/dt=2026-11-26"));

        assertThat(output.resolve("tweets/query=kpop/dt=2026-11-25").toFile().list())
                .containsExactly("new.parquet");
        assertThat(output.resolve("tweets/query=kpop/dt=2026-11-26").toFile().list())
                .containsExactly("new-day.parquet");
        assertThat(output.resolve("tweets/query=kpop/dt=2026-11-24").toFile().list())
                .containsExactly("untouched.parquet");
        assertThat(PartitionSwap.unfinished(conf, hadoop(output))).isEmpty();
    }

    @Test
    void shouldReadUnfinishedJournalsAndSkipOneCutShortWhileBeingWritten() throws IOException {
        Files.createDirectories(output.resolve(PartitionSwap.JOURNAL_DIR));
        Files.writeString(
                output.resolve(PartitionSwap.JOURNAL_DIR + "/a.json"),
                "{\"table\":\"tweets\",\"partitions\":[\"query=kpop/dt=2026-11-25\"]}");
        Files.writeString(
                output.resolve(PartitionSwap.JOURNAL_DIR + "/b.json"),
                "{\"table\":\"users\",\"partitions\":[\"id_bucket=03\",\"id_bucket=07\"]}");
        Files.writeString(output.resolve(PartitionSwap.JOURNAL_DIR + "/c.json"), "{\"table\":\"tweets\",\"partit");

        List<PartitionSwap.Journal> journals = PartitionSwap.unfinished(conf, hadoop(output));

        assertThat(journals).hasSize(3);
        assertThat(PartitionSwap.partitionsOf(journals, "tweets")).containsExactly("query=kpop/dt=2026-11-25");
        assertThat(PartitionSwap.partitionsOf(journals, "users")).containsExactly("id_bucket=03", "id_bucket=07");
        PartitionSwap.forget(conf, journals);
        assertThat(output.resolve(PartitionSwap.JOURNAL_DIR).toFile().list()).isEmpty();
    }

    private void write(String relative) throws IOException {
        Path file = output.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
    }

    private static org.apache.hadoop.fs.Path hadoop(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri());
    }
}
