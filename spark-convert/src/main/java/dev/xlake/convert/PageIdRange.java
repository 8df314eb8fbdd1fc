package dev.xlake.convert;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The span of tweet ids one page holds, to decide on the driver, without a distinct count over
 * all tweets, whether a batch can hold the same (query, id) twice: only if a page repeats an id
 * or two pages of a query overlap. The test is conservative: overlap means "maybe", and then the
 * converter deduplicates.
 */
record PageIdRange(String query, long minId, long maxId, boolean repeatsAnId) implements Serializable {

    /** The range of a page's tweets, or null for a page without tweets. */
    static PageIdRange of(List<TweetRecord> tweets) {
        if (tweets.isEmpty()) {
            return null;
        }
        long min = -1L; // the largest unsigned value
        long max = 0L;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        boolean repeats = false;
        for (TweetRecord tweet : tweets) {
            long id = Long.parseUnsignedLong(tweet.id());
            repeats |= !seen.add(id);
            min = Long.compareUnsigned(id, min) < 0 ? id : min;
            max = Long.compareUnsigned(id, max) > 0 ? id : max;
        }
        return new PageIdRange(tweets.get(0).query(), min, max, repeats);
    }

    /** True when some (query, id) may occur more than once among these pages. */
    static boolean mayRepeat(Collection<PageIdRange> ranges) {
        if (ranges.stream().anyMatch(PageIdRange::repeatsAnId)) {
            return true;
        }
        Map<String, List<PageIdRange>> byQuery = ranges.stream().collect(Collectors.groupingBy(PageIdRange::query));
        for (List<PageIdRange> pages : byQuery.values()) {
            List<PageIdRange> sorted = new ArrayList<>(pages);
            sorted.sort(Comparator.comparing(PageIdRange::minId, Long::compareUnsigned));
            for (int i = 1; i < sorted.size(); i++) {
                if (Long.compareUnsigned(
                                sorted.get(i).minId(), sorted.get(i - 1).maxId())
                        <= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
