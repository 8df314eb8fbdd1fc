package dev.xlake.convert;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * never fails the batch.
 */
final class RawPageReader {

  static final String REASON_UNREADABLE = "unreadable";
  static final String REASON_INVALID_GZIP = "invalid_gzip";
  /** The s3a extended attribute carrying the user metadata {@code x-amz-meta-xlake-fetched-at}. */
  static final String FETCHED_AT_XATTR = "header.xlake-fetched-at";

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final org.apache.hadoop.conf.Configuration conf;

  RawPageReader(org.apache.hadoop.conf.Configuration conf) {
    this.conf = conf;
  }

  FlattenedPage read(PageRef page) {
    String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
    Path path = new Path(page.uri());
    byte[] stored;
    Instant fetchedAt;
    try {
      FileSystem fs = path.getFileSystem(conf); // cached per scheme and authority by Hadoop
      try (FSDataInputStream in = fs.open(path)) {
        stored = in.readAllBytes();
      }
      fetchedAt = fetchedAt(fs, path, page);
    } catch (IOException e) {
      return FlattenedPage.quarantinedPage(
          PageFlattener.pageProblem(page, run, REASON_UNREADABLE, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    byte[] body;
    try {
      body = isGzip(stored) ? gunzip(stored) : stored;
    } catch (IOException e) {
      return FlattenedPage.quarantinedPage(
          PageFlattener.pageProblem(page, run, REASON_INVALID_GZIP, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return PageFlattener.flatten(body, page, fetchedAt);
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

  private static boolean isGzip(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2;
  }

  private static byte[] gunzip(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 64 * 1024)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 6);
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
