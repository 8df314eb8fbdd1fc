package dev.xlake.convert;

import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;

/**
 * One raw page to convert, with what is known about it before it is opened. Shipped to executors,
 * hence {@link Serializable}; a manifest supplies every field, a listed input prefix only the path.
 *
 * @param uri       fully qualified Hadoop path of the page object
 * @param queryName the query slug, or null when neither manifest nor path says it
 * @param runId     the fetch run id, or null (pages copied in by hand)
 * @param fetchedAt when the page was fetched according to the manifest, or null
 * @param modifiedAt the object's last-modified time from a listing, or null (last resort for
 *                   {@code fetched_at} when neither manifest nor object metadata has it)
 */
public record PageRef(String uri, String queryName, String runId, Instant fetchedAt, Instant modifiedAt)
        implements Serializable {

    /**
     * Newest first, by what is known before a page is opened: fetch time to the microsecond (else
     * last-modified time; pages with neither last), then the later run, then the larger object
     * key, the order in which {@link NewestRows} decides between copies of a key. A task reading
     * its pages in this order usually keeps the first copy of each user or referenced post and
     * finds every later copy older, so it makes no row of them. Where the order is not the fetch
     * times' (a listed page's fetch time is in its object's metadata, read when it is opened), the
     * rows are the same and only that saving is lost.
     */
    static final Comparator<PageRef> NEWEST_FIRST = Comparator.comparing(
                    PageRef::knownMicros, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
            .thenComparing(PageRef::runId, Comparator.nullsLast(Comparator.<String>reverseOrder()))
            .thenComparing(PageRef::uri, Comparator.reverseOrder());

    private Long knownMicros() {
        Instant known = fetchedAt != null ? fetchedAt : modifiedAt;
        return known == null ? null : NewestRows.micros(known);
    }
}
