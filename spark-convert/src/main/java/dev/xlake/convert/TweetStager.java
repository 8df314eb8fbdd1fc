package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Writes one task's tweets as Parquet files into a staging folder, laid out like the table
 * ({@code query=<slug>/dt=<date>/<file>}), while the task reads its pages: the tweets never go
 * through a cache, a shuffle or Spark's row conversion, and pages are read once.
 *
 * <p>The files are written by Spark's own Parquet write support for {@link LakeSchema#TWEET_FILE}
 * ({@link SparkParquetWriters}; no dictionary for columns whose values hardly repeat), so every
 * reader sees the same table whichever way a file got there. One difference: columns the schema
 * declares non-nullable are {@code required} here, while Spark's DataFrame writer marks every
 * column {@code optional}; readers (Spark, DuckDB, Athena) read both alike. The converter then moves the files into the table, or
 * merges them with the table's rows (see {@link Converter}).
 *
 * <p>Pages come roughly in time order, so a task writes into one date after another; a few writers
 * stay open at once, and a date seen again after its writer was closed gets a second file.
 */
final class TweetStager implements AutoCloseable {

    /**
     * Columns (Parquet paths) whose values hardly repeat, or repeat only row after row, where
     * snappy catches the repeats anyway: a dictionary costs CPU (every value is hashed and
     * compared byte by byte) and does not pay off, as its pages overflow and fall back to plain
     * encoding. The benchmark's column report ({@code -Dbench.columns=true}) shows which columns
     * those are; docs/benchmarks.md has the measurements. {@code raw_object} (the page's object
     * key, the same for a page's 100 tweets) keeps its dictionary: a handful of entries per file
     * replace a long key on every row, for next to no CPU.
     */
    static final List<String> NO_DICTIONARY_COLUMNS = List.of(
            "id",
            "text",
            "conversation_id",
            "created_at",
            "author_id",
            "author_username",
            "in_reply_to_user_id",
            "impression_count",
            "urls.list.element",
            "mentions.list.element",
            "media_keys.list.element",
            "edit_history_tweet_ids.list.element",
            "referenced_tweets.list.element.id");

    private static final int MAX_OPEN_WRITERS = 4;

    /**
     * One staged file: its table partition ({@code query=…/dt=…}), its name, how many rows, and the
     * smallest and largest tweet id in it (unsigned).
     */
    record StagedFile(String partition, String name, long rows, long minId, long maxId) implements Serializable {}

    private final Configuration conf;
    private final Path root;
    private final String fileTag;
    /** Open files by partition, least recently written first. */
    private final LinkedHashMap<String, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

    private final List<StagedFile> closed = new ArrayList<>();
    private int sequence;
    /** The last page's raw object and run id, and their UTF-8 forms. */
    private String lastRawObject;

    private String lastRunId;
    private UTF8String rawObjectUtf8;
    private UTF8String runIdUtf8;

    private static final class OpenFile {
        final ParquetWriter<InternalRow> writer;
        final String name;
        long rows;
        long minId = -1L; // the largest unsigned value
        long maxId;

        OpenFile(ParquetWriter<InternalRow> writer, String name) {
            this.writer = writer;
            this.name = name;
        }
    }

    /**
     * @param conf    the task's Hadoop configuration (copied; the writer settings are added to the copy)
     * @param root    the staging folder
     * @param fileTag unique per task attempt, so attempts and conversions never write the same file
     */
    TweetStager(Configuration conf, Path root, String fileTag) {
        this.conf = SparkParquetWriters.forSchema(conf, LakeSchema.TWEET_FILE);
        this.root = root;
        this.fileTag = fileTag;
    }

    /** The folder of a tweet's table partition, relative to the table root. */
    static String partitionOf(TweetRecord tweet) {
        return LakeTables.QUERY + "=" + tweet.query() + "/" + LakeTables.DT + "=" + tweet.dt();
    }

    void write(TweetRecord tweet) throws IOException {
        String partition = partitionOf(tweet);
        OpenFile file = open.get(partition);
        if (file == null) {
            file = openFile(partition);
        }
        if (tweet.rawObject() != lastRawObject || tweet.runId() != lastRunId) { // a new page: compare references
            lastRawObject = tweet.rawObject();
            lastRunId = tweet.runId();
            rawObjectUtf8 = LakeSchema.utf8(lastRawObject);
            runIdUtf8 = LakeSchema.utf8(lastRunId);
        }
        file.writer.write(LakeSchema.tweetFileRow(tweet, runIdUtf8, rawObjectUtf8));
        file.rows++;
        long id = Long.parseUnsignedLong(tweet.id()); // numeric: the flattener quarantines other ids
        file.minId = Long.compareUnsigned(id, file.minId) < 0 ? id : file.minId;
        file.maxId = Long.compareUnsigned(id, file.maxId) > 0 ? id : file.maxId;
    }

    /** Closes every file and returns all this stager wrote. */
    List<StagedFile> finish() throws IOException {
        for (String partition : new ArrayList<>(open.keySet())) {
            closeFile(partition);
        }
        return List.copyOf(closed);
    }

    /** Releases whatever is still open after a failure; the files are left to the staging clean-up. */
    @Override
    public void close() {
        for (OpenFile file : open.values()) {
            try {
                file.writer.close();
            } catch (IOException | RuntimeException e) {
                // the task is failing already; its files are never committed
            }
        }
        open.clear();
    }

    private OpenFile openFile(String partition) throws IOException {
        if (open.size() >= MAX_OPEN_WRITERS) {
            closeFile(open.keySet().iterator().next());
        }
        String name = String.format("part-%s-%03d.snappy.parquet", fileTag, sequence++);
        OpenFile file = new OpenFile(
                SparkParquetWriters.open(conf, new Path(new Path(root, partition), name), NO_DICTIONARY_COLUMNS), name);
        open.put(partition, file);
        return file;
    }

    private void closeFile(String partition) throws IOException {
        OpenFile file = open.remove(partition);
        file.writer.close();
        closed.add(new StagedFile(partition, file.name, file.rows, file.minId, file.maxId));
    }
}
