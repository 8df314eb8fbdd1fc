package dev.xlake.convert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one raw page through the Hadoop FileSystem API (so s3a, EMRFS {@code s3://} and local paths
 * all work), un-gzips it and flattens it. Read failures become quarantine records: one bad object
 * never fails the batch. Not thread-safe: one reader per task.
 */
final class RawPageReader {

  static final String REASON_UNREADABLE = "unreadable";
  static final String REASON_INVALID_GZIP = "invalid_gzip";
  /** The s3a extended attribute carrying the user metadata {@code x-amz-meta-xlake-fetched-at}. */
  static final String FETCHED_AT_XATTR = "header.xlake-fetched-at";

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private static final int OPEN_BUFFER = 8 * 1024;
  /** Input chunk of the inflater: the compressed page is in memory already. */
  private static final int GUNZIP_CHUNK = 8 * 1024;

  private final org.apache.hadoop.conf.Configuration conf;
  /** The stored object's bytes and the un-gzipped body, reused from page to page (one reader per task). */
  private byte[] stored = new byte[256 * 1024];
  private byte[] body = new byte[2 * 1024 * 1024];

  RawPageReader(org.apache.hadoop.conf.Configuration conf) {
    this.conf = conf;
  }

  FlattenedPage read(PageRef page) {
    String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
    Path path = new Path(page.uri());
    int storedLength;
    Instant fetchedAt;
    try {
      FileSystem fs = path.getFileSystem(conf); // cached per scheme and authority by Hadoop
      // a small stream buffer: the whole object is read into this reader's buffer anyway, and local
      // files got io.file.buffer.size (64 KB under Spark) freshly allocated on every open
      try (FSDataInputStream in = fs.open(path, OPEN_BUFFER)) {
        storedLength = readFully(in, Buffer.STORED);
      }
      fetchedAt = fetchedAt(fs, path, page);
    } catch (IOException e) {
      return FlattenedPage.quarantinedPage(
          PageFlattener.pageProblem(page, run, REASON_UNREADABLE, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    if (!isGzip(stored, storedLength)) {
      return PageFlattener.flatten(stored, storedLength, page, fetchedAt);
    }
    int bodyLength;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored, 0, storedLength), GUNZIP_CHUNK)) {
      bodyLength = readFully(in, Buffer.BODY);
    } catch (IOException e) {
      return FlattenedPage.quarantinedPage(
          PageFlattener.pageProblem(page, run, REASON_INVALID_GZIP, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return PageFlattener.flatten(body, bodyLength, page, fetchedAt);
  }

  private enum Buffer { STORED, BODY }

  /**
   * Reads a stream to its end into one of this reader's buffers, growing it when needed, and
   * returns how many bytes it holds. The buffers are reused from page to page: a page's bytes
   * were a fresh array (read, then un-gzipped by doubling and a final copy) and made up most of
   * what a conversion allocated.
   */
  private int readFully(InputStream in, Buffer which) throws IOException {
    byte[] buffer = which == Buffer.STORED ? stored : body;
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.multiplyExact(buffer.length, 2));
        if (which == Buffer.STORED) {
          stored = buffer;
        } else {
          body = buffer;
        }
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        return length;
      }
      length += read;
    }
  }

  /** Manifest first, then the object's {@code xlake-fetched-at} metadata, then last-modified. */
  private static Instant fetchedAt(FileSystem fs, Path path, PageRef page) throws IOException {
    if (page.fetchedAt() != null) {
      return page.fetchedAt();
    }
    Instant fromMetadata = metadataFetchedAt(fs, path);
    if (fromMetadata != null) {
      return fromMetadata;
    }
    if (page.modifiedAt() != null) {
      return page.modifiedAt();
    }
    return Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
  }

  private static Instant metadataFetchedAt(FileSystem fs, Path path) {
    try {
      byte[] value = fs.getXAttr(path, FETCHED_AT_XATTR);
      return value == null || value.length == 0
          ? null
          : Instant.parse(new String(value, java.nio.charset.StandardCharsets.UTF_8).trim());
    } catch (UnsupportedOperationException | IOException | DateTimeException e) {
      return null; // local files and EMRFS have no such attribute: fall back to last-modified
    }
  }

  private static boolean isGzip(byte[] bytes, int length) {
    return length >= 2 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2;
  }
}
