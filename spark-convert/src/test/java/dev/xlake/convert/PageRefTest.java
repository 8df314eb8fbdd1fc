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

    @Test
    void shouldPutFirstThePageWhoseCopyOfAKeyTheKeyedTablesKeep() {
        // pages with the fetch times, runs and keys of many ties, nanoseconds below the tables' precision
        Random random = new Random(2);
        for (int draw = 0; draw < 200; draw++) {
            List<PageRef> pages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instant fetched = T.plusSeconds(random.nextInt(2)).plusNanos(random.nextInt(2_000));
                String run = random.nextInt(3) == 0 ? null : "R" + random.nextInt(2);
                pages.add(new PageRef("s3://b/raw/p" + random.nextInt(3) + "-" + i, "kpop", run, fetched, null));
            }
            List<PageRef> sorted = pages.stream().sorted(PageRef.NEWEST_FIRST).toList();
            NewestRows<UserRecord, UserRecord> users = new NewestRows<>((user, replaced) -> user);

            for (PageRef page : sorted) {
                users.offer(NewestRowsTest.user("42", page.fetchedAt(), page.runId(), page.uri()));
            }

            PageRef first = sorted.get(0);
            assertThat(users.values())
                    .extracting(UserRecord::rawObject)
                    .as("draw %d", draw)
                    .containsExactly(first.uri());
            for (PageRef later : sorted.subList(1, sorted.size())) {
                assertThat(users.holdsNewer("42", NewestRows.micros(later.fetchedAt()), later.runId(), later.uri()))
                        .isTrue();
            }
        }
    }
}
