package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PageIdRangeTest {

    private static List<TweetRecord> tweets(String query, String... ids) {
        return Stream.of(ids)
                .map(id -> new TweetRecord(
                        query,
                        "2026-11-25",
                        id,
                        null,
                        null,
                        null,
                        null,
                        null,
                        Instant.EPOCH,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        false,
                        false,
                        false,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        null,
                        List.of(),
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        Instant.EPOCH,
                        "R",
                        "raw"))
                .toList();
    }

    @Test
    void shouldSpanSmallestToLargestIdAndNoticeRepeatsWithinAPage() {
        PageIdRange range = PageIdRange.of(tweets("kpop", "30", "10", "20"));

        assertThat(range).isEqualTo(new PageIdRange("kpop", 10, 30, false));
        assertThat(PageIdRange.of(tweets("kpop", "10", "20", "10")).repeatsAnId())
                .isTrue();
        assertThat(PageIdRange.of(List.of())).isNull();
    }

    @Test
    void shouldSayIdsMayRepeatOnlyWhenPagesOfOneQueryOverlapOrRepeat() {
        PageIdRange first = PageIdRange.of(tweets("kpop", "100", "199"));
        PageIdRange next = PageIdRange.of(tweets("kpop", "200", "299"));
        PageIdRange overlapping = PageIdRange.of(tweets("kpop", "150", "250"));
        PageIdRange otherQuery = PageIdRange.of(tweets("brexit", "150", "250"));
        PageIdRange repeating = PageIdRange.of(tweets("kpop", "900", "900"));

        assertThat(PageIdRange.mayRepeat(List.of(next, first, otherQuery))).isFalse();
        assertThat(PageIdRange.mayRepeat(List.of(next, overlapping, first))).isTrue();
        assertThat(PageIdRange.mayRepeat(List.of(first, first))).isTrue(); // the same page twice
        assertThat(PageIdRange.mayRepeat(List.of(first, repeating))).isTrue();
        assertThat(PageIdRange.mayRepeat(List.of())).isFalse();
    }
}
