package dev.xlake.convert;

import java.io.Serializable;
import java.time.Instant;

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
        implements Serializable {}
