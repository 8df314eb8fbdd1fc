package dev.xlake.convert;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
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
    static final String REASON_TOO_LARGE = "too_large";
    /** The s3a extended attribute carrying the user metadata {@code x-amz-meta-xlake-fetched-at}. */
    static final String FETCHED_AT_XATTR = "header.xlake-fetched-at";

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private static final int OPEN_BUFFER = 8 * 1024;
    /** Input chunk of the inflater: the compressed page is in memory already. */
    private static final int GUNZIP_CHUNK = 8 * 1024;

    /** The largest page read, stored or un-gzipped; larger ones (a gzip bomb, a stray dump) are quarantined. */
    static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;

    private static final int INITIAL_STORED_BYTES = 256 * 1024;
    private static final int INITIAL_BODY_BYTES = 2 * 1024 * 1024;
    private static final int KEEP_BUFFER_BYTES = 8 * 1024 * 1024;

    private final org.apache.hadoop.conf.Configuration conf;
    /** The stored object's bytes and the un-gzipped body, reused from page to page (one reader per task). */
    private final PageBuffer stored;

    private final PageBuffer body;

    /** False: pages are read for their tweets and users only ({@link PageParser#parse}). */
    private final boolean expansions;

    RawPageReader(org.apache.hadoop.conf.Configuration conf) {
        this(conf, MAX_PAGE_BYTES, true);
    }

    RawPageReader(org.apache.hadoop.conf.Configuration conf, boolean expansions) {
        this(conf, MAX_PAGE_BYTES, expansions);
    }

    RawPageReader(org.apache.hadoop.conf.Configuration conf, int maxPageBytes) {
        this(conf, maxPageBytes, true);
    }

    private RawPageReader(org.apache.hadoop.conf.Configuration conf, int maxPageBytes, boolean expansions) {
        this.conf = conf;
        this.expansions = expansions;
        this.stored = new PageBuffer("the object", INITIAL_STORED_BYTES, maxPageBytes);
        this.body = new PageBuffer("the un-gzipped body", INITIAL_BODY_BYTES, maxPageBytes);
    }

    FlattenedPage read(PageRef page) {
        return read(page, PageFlattener.Kept.NONE);
    }

    /** The same, reading lightly the users and referenced posts {@code kept} has newer copies of. */
    FlattenedPage read(PageRef page, PageFlattener.Kept kept) {
        String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
        Path path = new Path(page.uri());
        stored.release();
        body.release();
        Instant fetchedAt;
        try {
            FileSystem fs = path.getFileSystem(conf); // cached per scheme and authority by Hadoop
            // a small stream buffer: the whole object is read into this reader's buffer anyway, and
            // local files would otherwise allocate a fresh io.file.buffer.size buffer on every open
            try (FSDataInputStream in = fs.open(path, OPEN_BUFFER)) {
                stored.fill(in);
            }
            fetchedAt = fetchedAt(fs, path, page);
        } catch (FileNotFoundException | AccessDeniedException e) {
            // gone or forbidden: retrying will not help; the quarantine record says which page and why
            return quarantined(page, run, REASON_UNREADABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (PageTooLargeException e) {
            return quarantined(page, run, REASON_TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            // anything else (a reset connection, a 503 after the client's own retries) may be
            // transient: fail the task so that Spark retries it, rather than lose the page's tweets
            throw new UncheckedIOException("Cannot read page " + page.uri() + ": " + e.getMessage(), e);
        }
        if (!isGzip(stored.bytes, stored.length)) {
            return PageFlattener.flatten(stored.bytes, stored.length, page, fetchedAt, expansions, kept);
        }
        try (InputStream in =
                new GZIPInputStream(new ByteArrayInputStream(stored.bytes, 0, stored.length), GUNZIP_CHUNK)) {
            body.fill(in);
        } catch (PageTooLargeException e) {
            return quarantined(page, run, REASON_TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            return quarantined(page, run, REASON_INVALID_GZIP, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return PageFlattener.flatten(body.bytes, body.length, page, fetchedAt, expansions, kept);
    }

    private static FlattenedPage quarantined(PageRef page, String run, String reason, String detail) {
        return FlattenedPage.quarantinedPage(PageFlattener.pageProblem(page, run, reason, detail));
    }

    /** A page (stored, or un-gzipped) beyond the size limit: X's pages are well below 1 MB. */
    private static final class PageTooLargeException extends IOException {
        PageTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * A byte buffer reused from page to page, grown when a page needs more, up to the size limit;
     * {@code bytes[0, length)} is the last page read. Reused because a fresh array per page (read,
     * then un-gzipped by doubling and a final copy) would be most of what a conversion allocates.
     */
    private static final class PageBuffer {
        private final String what;
        private final int initialSize;
        private final int maxBytes;
        byte[] bytes;
        int length;

        PageBuffer(String what, int initialSize, int maxBytes) {
            this.what = what;
            this.initialSize = initialSize;
            this.maxBytes = maxBytes;
            this.bytes = new byte[initialSize];
        }

        /** Reads the stream to its end into this buffer. */
        void fill(InputStream in) throws IOException {
            length = 0;
            while (true) {
                if (length == bytes.length) {
                    if (length >= maxBytes) {
                        if (in.read() < 0) {
                            return; // exactly the limit
                        }
                        throw new PageTooLargeException(what + " exceeds " + maxBytes + " bytes");
                    }
                    bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(maxBytes, 2L * bytes.length));
                }
                int read = in.read(bytes, length, bytes.length - length);
                if (read < 0) {
                    return;
                }
                length += read;
            }
        }

        /** After an unusually large page, the next page starts from a small buffer again. */
        void release() {
            if (bytes.length > KEEP_BUFFER_BYTES) {
                bytes = new byte[initialSize];
            }
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
                    : PageFlattener.inLakeRange(
                            Instant.parse(new String(value, java.nio.charset.StandardCharsets.UTF_8).trim()));
        } catch (UnsupportedOperationException | IOException | DateTimeException e) {
            return null; // local files and EMRFS have no such attribute: fall back to last-modified
        }
    }

    private static boolean isGzip(byte[] bytes, int length) {
        return length >= 2 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2;
    }
}
