package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageRefTest {

    private static final Instant T = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void shouldOrderPagesNewestFirstAsTheKeyedTablesBreakTies() {
        PageRef newestFetch = new PageRef("s3://b/raw/a", "kpop", "R0", T.plusSeconds(2), null);
        PageRef laterRun = new PageRef("s3://b/raw/a", "kpop", "R2", T.plusSeconds(1), null);
        PageRef largerKey = new PageRef("s3://b/raw/z", "kpop", "R1", T.plusSeconds(1), null);
        PageRef smallerKey = new PageRef("s3://b/raw/y", "kpop", "R1", T.plusSeconds(1), null);
        PageRef noRun = new PageRef("s3://b/raw/zz", "kpop", null, T.plusSeconds(1), null);
        PageRef modifiedOnly =
                new PageRef("s3://b/raw/m", "kpop", null, null, T.plusSeconds(1).minusMillis(1));
        PageRef nothingKnown = new PageRef("s3://b/raw/n", "kpop", null, null, null);
        List<PageRef> expected =
                List.of(newestFetch, laterRun, largerKey, smallerKey, noRun, modifiedOnly, nothingKnown);

        List<PageRef> shuffled = new ArrayList<>(expected);
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(shuffled, random);
            assertThat(shuffled.stream().sorted(PageRef.NEWEST_FIRST).toList()).isEqualTo(expected);
        }
    }
}
