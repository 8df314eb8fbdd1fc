package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NewestRowsTest {

    private static final Instant T = Instant.parse("2026-11-25T20:15:00.123456Z");

    @Test
    void shouldKeepTheNewestFetchWhateverOrderTheCopiesComeIn() {
        UserRecord old = user("42", T, "R1", "a");
        UserRecord newer = user("42", T.plusNanos(1_000), "R1", "b");
        UserRecord newest = user("42", T.plusSeconds(60), "R0", "c");
        for (List<UserRecord> order :
                List.of(List.of(old, newer, newest), List.of(newest, old, newer), List.of(newer, newest, old))) {
            NewestRows<UserRecord, UserRecord> users = records();
            order.forEach(users::offer);
            assertThat(users.values()).containsExactly(newest);
        }
    }

    @Test
    void shouldBreakTiesByRunIdThenObjectKeyAsTheTableDedupDoes() {
        UserRecord noRun = user("7", T, null, "z");
        UserRecord earlyRun = user("7", T, "20261125T201500Z-aaaaaa", "y");
        UserRecord lateRunSmallKey = user("7", T, "20261125T203000Z-bbbbbb", "a");
        UserRecord lateRunLargeKey = user("7", T, "20261125T203000Z-bbbbbb", "b");
        NewestRows<UserRecord, UserRecord> users = records();
        List.of(lateRunLargeKey, noRun, lateRunSmallKey, earlyRun).forEach(users::offer);
        assertThat(users.values()).containsExactly(lateRunLargeKey);
    }

    @Test
    void shouldHandOverItsRowsWhenDrainedAndStartAgainEmpty() {
        NewestRows<UserRecord, UserRecord> users = records();
        UserRecord first = user("1", T, "R1", "a");
        UserRecord second = user("2", T, "R1", "a");
        List.of(first, second).forEach(users::offer);

        Map<String, UserRecord> drained = new HashMap<>();
        users.drain((key, user) -> {
            assertThat(users.values()).as("dropped before it is handed on").doesNotContain(user);
            drained.put(key, user);
        });
        assertThat(drained).isEqualTo(Map.of("1", first, "2", second));
        assertThat(users.isEmpty()).isTrue();
        assertThat(users.values()).isEmpty();

        UserRecord older = user("1", T.minusSeconds(1), "R0", "a");
        users.offer(older);
        assertThat(users.values())
                .as("no copy of the drained rows is left to win against")
                .containsExactly(older);
    }

    @Test
    void shouldAgreeWithAPlainMapOnManySnowflakeLikeIdsAcrossGrowth() {
        // ids that share their low bits, as X's do, offered several times each in random order
        Random random = new Random(3);
        List<UserRecord> offers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Long.toUnsignedString(1_600_000_000_000_000_000L + ((long) i << 22));
            for (int copy = 0; copy < 1 + random.nextInt(4); copy++) {
                offers.add(
                        user(id, T.plusSeconds(random.nextInt(100)), "R" + random.nextInt(3), "k" + random.nextInt(5)));
            }
        }
        offers.add(user("18446744073709551615", T, "R", "k")); // the largest unsigned id
        Collections.shuffle(offers, random);
        Comparator<UserRecord> order = Comparator.comparing(UserRecord::fetchedAt)
                .thenComparing(UserRecord::runId)
                .thenComparing(UserRecord::rawObject);
        Map<String, UserRecord> expected = new HashMap<>();
        offers.forEach(user -> expected.merge(user.id(), user, (a, b) -> order.compare(b, a) > 0 ? b : a));

        // records throughout, records then what keep makes (past 1,000 keys), what keep makes throughout
        for (int recordsUpTo : new int[] {NewestRows.RECORDS_UP_TO, 1_000, 0}) {
            NewestRows<UserRecord, UserRecord> users = new NewestRows<>((user, replaced) -> user, 16, recordsUpTo);
            offers.forEach(users::offer);

            Map<String, UserRecord> kept = new HashMap<>();
            users.values()
                    .forEach(user ->
                            assertThat(kept.put(user.id(), user)).as(user.id()).isNull());
            assertThat(users.size()).isEqualTo(expected.size());
            assertThat(kept).as("records up to %d keys", recordsUpTo).isEqualTo(expected);
        }
    }

    @Test
    void shouldSayItHoldsANewerCopyExactlyWhenOfferingTheCopyWouldChangeNothing() {
        // copies of 2,000 keys in random order, ties in fetch time and run included
        Random random = new Random(5);
        Comparator<UserRecord> order = Comparator.comparing(UserRecord::fetchedAt)
                .thenComparing(UserRecord::runId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(UserRecord::rawObject);
        for (int recordsUpTo : new int[] {NewestRows.RECORDS_UP_TO, 0}) {
            NewestRows<UserRecord, UserRecord> users = new NewestRows<>((user, replaced) -> user, 16, recordsUpTo);
            Map<String, UserRecord> expected = new HashMap<>();
            int said = 0;
            for (int i = 0; i < 20_000; i++) {
                String id = Long.toUnsignedString(1_600_000_000_000_000_000L + ((long) random.nextInt(2_000) << 22));
                String run = random.nextInt(4) == 0 ? null : "R" + random.nextInt(2);
                UserRecord copy = user(id, T.plusSeconds(random.nextInt(5)), run, "k" + random.nextInt(3));
                UserRecord kept = expected.get(id);
                boolean newerKept = kept != null && order.compare(kept, copy) >= 0;

                boolean holdsNewer = users.holdsNewer(id, NewestRows.micros(copy.fetchedAt()), run, copy.rawObject());

                assertThat(holdsNewer)
                        .as("copy %d of %s, kept %s", i, copy, kept)
                        .isEqualTo(newerKept);
                users.offer(copy);
                if (!newerKept) {
                    expected.put(id, copy);
                }
                said += holdsNewer ? 1 : 0;
            }
            assertThat(said).as("copies found older than the kept one").isBetween(5_000, 17_000);
            Map<String, UserRecord> kept = new HashMap<>();
            users.values().forEach(user -> kept.put(user.id(), user));
            assertThat(kept).isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepOnlyWhatItsKeepFunctionMadeOfTheWinningCopies() {
        // Given a keep function that records which copies it was asked for, and what they replace,
        // for a table past its records from its first key
        List<String> asked = new ArrayList<>();
        NewestRows<UserRecord, String> users = new NewestRows<>(
                (user, replaced) -> {
                    asked.add(user.rawObject() + " over " + replaced);
                    return user.id() + "@" + user.rawObject();
                },
                16,
                0);

        // When older and tied-but-smaller copies come after the newest
        offerCopiesOfOneKey(users);

        // Then only the first copy and the one newer copy were kept, and the newer won
        assertThat(asked).containsExactly("b over null", "d over 9@b");
        assertThat(users.values()).containsExactly("9@d");
    }

    @Test
    void shouldMakeWhatItKeepsOfTheLastWinnersOnlyWhileItHoldsRecords() {
        // Given a table that holds records up to 2 keys
        List<String> asked = new ArrayList<>();
        NewestRows<UserRecord, String> users = new NewestRows<>(
                (user, replaced) -> {
                    asked.add(user.id() + user.rawObject() + " over " + replaced);
                    return user.id() + "@" + user.rawObject();
                },
                16,
                2);

        // When one key's copies come, then a second key's
        offerCopiesOfOneKey(users);
        users.offer(user("8", T, "R1", "x"));

        // Then nothing was made yet
        assertThat(asked).isEmpty();

        // When a third key comes, the held records are made, and from then on each winning copy
        users.offer(user("7", T, "R1", "y"));
        users.offer(user("7", T.plusSeconds(1), "R1", "z"));
        assertThat(asked).containsExactlyInAnyOrder("9d over null", "8x over null", "7y over null", "7z over 7@y");
        assertThat(users.values()).containsExactlyInAnyOrder("9@d", "8@x", "7@z");
    }

    private static void offerCopiesOfOneKey(NewestRows<UserRecord, ?> users) {
        users.offer(user("9", T, "R1", "b"));
        users.offer(user("9", T.minusSeconds(5), "R2", "c"));
        users.offer(user("9", T, "R1", "a"));
        users.offer(user("9", T.plusSeconds(1), "R0", "d"));
    }

    private static NewestRows<UserRecord, UserRecord> records() {
        return new NewestRows<>((user, replaced) -> user);
    }

    static UserRecord user(String id, Instant fetchedAt, String runId, String rawObject) {
        return user(id, "User " + id, fetchedAt, runId, rawObject);
    }

    static UserRecord user(String id, String name, Instant fetchedAt, String runId, String rawObject) {
        return new UserRecord(
                UserRecord.bucketOf(id),
                id,
                LakeSchema.utf8("user" + id),
                LakeSchema.utf8(name),
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
                null,
                null,
                fetchedAt,
                runId,
                rawObject);
    }
}
