package dev.xlake.convert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The real X API responses (infra/x-emulator/src/test/resources/x-api/pages, on the test classpath as /x-api-pages). */
public final class SamplePages {

    /** The two real recent-search pages with all expansions (100 tweets each). */
    public static final List<String> SEARCH_PAGES =
            List.of("kpop-recent-search-page.json", "brexit-recent-search-page.json");

    private SamplePages() {}

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
