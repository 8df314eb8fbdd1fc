package dev.xlake.convert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The real X API responses (infra/x-emulator/src/test/resources/x-api/pages, on the test classpath as /x-api-pages). */
public final class SamplePages {

    /** The two real recent-search pages with all expansions (100 tweets each). */
    public static final List<String> SEARCH_PAGES =
            List.of("kpop-recent-search-page.json", "brexit-recent-search-page.json");

    /** Every captured page: the two searches, an edited post's and a verified type's lookups. */
    public static final List<String> CAPTURED = List.of(
            "kpop-recent-search-page.json",
            "brexit-recent-search-page.json",
            "edited-tweet-lookup.json",
            "verified-type-tweet-lookup.json");

    /** When the flattener tests' page was fetched. */
    static final Instant FETCHED = Instant.parse("2026-11-25T20:15:01.001Z");

    /** Where the flattener tests' page came from: a manifest's page of query kpop, run R1. */
    static final PageRef PAGE = new PageRef(
            "s3a://lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/page-00001.json.gz",
            "kpop",
            "R1",
            FETCHED,
            null);

    private SamplePages() {}

    /** The {@link #CAPTURED} pages' text, as a run of the converter ITs holds them. */
    public static List<String> capturedTexts() {
        return CAPTURED.stream()
                .map(name -> new String(bytes(name), StandardCharsets.UTF_8))
                .toList();
    }

    public static byte[] bytes(String name) {
        try (InputStream in = SamplePages.class.getResourceAsStream("/x-api-pages/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("Cannot find sample page " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sample page " + name, e);
        }
    }
}
