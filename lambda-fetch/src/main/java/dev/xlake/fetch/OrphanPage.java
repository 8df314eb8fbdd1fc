package dev.xlake.fetch;

import dev.xlake.checkpoint.InFlight;
import dev.xlake.core.json.Json;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.PageRequest;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.rawstore.RawPageStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A page a killed run stored but did not record: it died between the page and the state write
 * that lists it (a recent-search checkpoint or a backfill job). That page is the next one of
 * {@code in_flight.run_id} (which names a run before its first page is stored); the next run takes
 * it in from its stored body instead of fetching it again.
 */
record OrphanPage(PageMeta meta, PageEntry entry) {

    /**
     * @param what names the pagination in the error, e.g. {@code query kpop}
     * @param request the parameters the page was requested with, for its manifest entry
     * @return the orphan, if the killed run left one
     * @throws IllegalStateException if the stored object is not a search response
     */
    static Optional<OrphanPage> find(
            RawPageStore rawPages, String what, String queryName, InFlight previous, PageRequest request) {
        if (previous.paginationComplete()) {
            return Optional.empty();
        }
        List<PageEntry> pages = previous.unmanifestedPages();
        int next = pages.isEmpty() ? 1 : pages.get(pages.size() - 1).page() + 1;
        Optional<RawPageStore.StoredPage> orphan = rawPages.readPage(queryName, previous.runId(), next);
        if (orphan.isEmpty() || pages.isEmpty() && rawPages.manifestExists(queryName, previous.runId())) {
            return Optional.empty();
        }
        PageMeta meta;
        try {
            meta = PageMeta.of(Json.MAPPER.readTree(orphan.get().body()));
        } catch (IOException e) {
            meta = null;
        }
        if (meta == null) {
            throw new IllegalStateException(
                    "Cannot resume " + what + ": stored page " + orphan.get().key() + " is not a search response");
        }
        Map<String, String> metadata = orphan.get().metadata();
        PageEntry entry = new PageEntry(
                orphan.get().key(),
                next,
                meta.resultCount(),
                meta.newestId(),
                meta.oldestId(),
                RawPageStore.sha256Hex(orphan.get().body()),
                orphan.get().body().length,
                metadata.get("xlake-fetched-at"),
                Integer.parseInt(metadata.getOrDefault("xlake-http-status", "200")),
                RateLimit.NONE,
                request,
                meta.billablePosts(),
                meta.billableUsers());
        return Optional.of(new OrphanPage(meta, entry));
    }

    /** The pagination with this page taken in. */
    InFlight takenInto(InFlight previous) {
        return previous.afterPage(meta.newestId(), meta.oldestId(), meta.nextToken(), entry);
    }
}
