package dev.xlake.convert;

import dev.xlake.core.layout.QuerySlug;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.ManifestReader;
import dev.xlake.core.manifest.PageEntry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Builds the list of pages to convert on the driver, before anything is written: from run
 * manifests (docs/s3-layout.md), read by core's {@link ManifestReader}, or by listing a raw prefix.
 * A manifest that is missing, unreadable or of an unknown version fails the whole job here, with
 * nothing written.
 */
final class PageListing {

    private static final Pattern QUERY_SEGMENT = Pattern.compile("/query=([^/]+)/");
    private static final Pattern RUN_SEGMENT = Pattern.compile("/run=([^/]+)/");

    private final Configuration conf;

    PageListing(Configuration conf) {
        this.conf = conf;
    }

    List<PageRef> fromManifests(List<String> manifestUris) {
        List<PageRef> pages = new ArrayList<>();
        for (String uri : manifestUris) {
            pages.addAll(fromManifest(new Path(uri)));
        }
        return pages;
    }

    private List<PageRef> fromManifest(Path manifestPath) {
        Manifest manifest;
        Path qualified;
        try {
            FileSystem fs = manifestPath.getFileSystem(conf);
            qualified = fs.makeQualified(manifestPath);
            try (InputStream in = fs.open(manifestPath)) {
                manifest = ManifestReader.read(in, manifestPath.toString());
            }
        } catch (FileNotFoundException e) {
            throw new ConvertException("Cannot read manifest " + manifestPath + ": it does not exist", e);
        } catch (IOException e) {
            throw new ConvertException("Cannot read manifest " + manifestPath + ": " + e.getMessage(), e);
        } catch (ManifestReader.ManifestException e) {
            throw new ConvertException(e.getMessage(), e); // names the manifest and what is wrong
        }
        List<PageRef> pages = new ArrayList<>();
        for (PageEntry entry : manifest.pages()) {
            pages.add(new PageRef(
                    resolveKey(qualified, entry.key()).toString(),
                    manifest.queryName(),
                    manifest.runId(),
                    optionalInstant(entry.fetchedAt(), manifestPath),
                    null));
        }
        return pages;
    }

    /**
     * Keys in a manifest are bucket-relative. The manifest sits in its run's folder, so the bucket
     * root is the manifest's folder minus the key's folder; for s3 schemes it is also simply the
     * bucket, which covers pages stored outside the manifest's folder.
     */
    static Path resolveKey(Path qualifiedManifest, String key) {
        String manifestDir = qualifiedManifest.getParent().toString();
        int slash = key.lastIndexOf('/');
        String keyDir = slash < 0 ? "" : key.substring(0, slash);
        if (!keyDir.isEmpty() && manifestDir.endsWith("/" + keyDir)) {
            return new Path(manifestDir.substring(0, manifestDir.length() - keyDir.length()) + key);
        }
        String scheme = qualifiedManifest.toUri().getScheme();
        if (scheme != null && scheme.startsWith("s3")) {
            return new Path(scheme + "://" + qualifiedManifest.toUri().getAuthority() + "/" + key);
        }
        throw new ConvertException("Cannot resolve page key " + key + " of manifest " + qualifiedManifest
                + ": the key's folder is not the manifest's folder");
    }

    /** Every page object under a raw prefix, walking directories (no globs, no manifests needed). */
    List<PageRef> fromInput(String inputUri) {
        Path input = new Path(inputUri);
        List<PageRef> pages = new ArrayList<>();
        try {
            FileSystem fs = input.getFileSystem(conf);
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(input, true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                String name = file.getPath().getName();
                if (isPageName(name)) {
                    String uri = file.getPath().toString();
                    String query = segment(QUERY_SEGMENT, uri);
                    // a folder name that is not a slug names no query: its pages are quarantined as unknown_query
                    pages.add(new PageRef(
                            uri,
                            QuerySlug.isValid(query) ? query : null,
                            segment(RUN_SEGMENT, uri),
                            null,
                            Instant.ofEpochMilli(file.getModificationTime())));
                }
            }
        } catch (FileNotFoundException e) {
            throw new ConvertException("Cannot list input " + input + ": it does not exist", e);
        } catch (IOException e) {
            throw new ConvertException("Cannot list input " + input + ": " + e.getMessage(), e);
        }
        return pages;
    }

    private static boolean isPageName(String name) {
        return !name.startsWith("_") && !name.startsWith(".") && (name.endsWith(".json.gz") || name.endsWith(".json"));
    }

    private static String segment(Pattern pattern, String uri) {
        Matcher matcher = pattern.matcher(uri);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }

    /** A page's fetch time; beyond what core checks, it must fit a Parquet timestamp (years 0001-9999). */
    private static Instant optionalInstant(String value, Path manifest) {
        if (value == null) {
            return null;
        }
        try {
            return PageFlattener.inLakeRange(Instant.parse(value));
        } catch (DateTimeException e) {
            throw new ConvertException(
                    "Cannot read manifest " + manifest
                            + ": fetched_at is not an ISO-8601 instant in the years 0001-9999: " + value,
                    e);
        }
    }
}
