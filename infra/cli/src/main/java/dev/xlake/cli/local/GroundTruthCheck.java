package dev.xlake.cli.local;

import dev.xlake.config.QuerySpec;
import dev.xlake.emulator.ComplianceSchedule;
import dev.xlake.emulator.GroundTruthTweet;
import dev.xlake.emulator.XApiEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lake's rows for one query against the emulator's ground truth, computed from the emulator's
 * corpus and its compliance schedule alone (never from the lake or the pass's own record).
 *
 * <p>Required: every matching tweet from the 7-day window before the first fetch up to the
 * committed checkpoint ({@code since_id}: the newest tweet of the last completed pagination);
 * newer tweets are still in flight or not fetched yet. Allowed: any matching tweet from that window
 * up to now. The window's first {@link #WINDOW_EDGE} is only allowed, not required: while the first
 * pagination waits out a rate limit, X's moving 7-day window legitimately drops its oldest tweets.
 *
 * <p>With a compliance pass that ran from {@code pass.start} to {@code pass.end} (emulator time):
 * a tweet the schedule has deleted by the start (the tweet itself, or its author's account) must
 * be gone, and is no longer required; one deleted only between start and end may be either; a
 * tweet whose geo was scrubbed by the start must have {@code place_id} null, every other row its
 * place as posted.
 *
 * @param goneLeft rows of tweets deleted on X before the pass, still in the lake
 * @param gone ground-truth tweets of the query deleted on X before the pass (informative)
 * @param geoScrubbed rows whose geo was scrubbed on X before the pass (informative)
 * @param geoWrong rows whose {@code place_id} is not what it must be
 */
record GroundTruthCheck(
        String query,
        long rows,
        int distinct,
        int required,
        int missing,
        int unexpected,
        int gone,
        int goneLeft,
        int geoScrubbed,
        int geoWrong) {

    static final Duration WINDOW_EDGE = Duration.ofHours(1);

    /** The emulator time a compliance pass ran in: events due by {@code start} must be applied, after {@code end} not. */
    record PassWindow(Instant start, Instant end) {}

    /**
     * The checks of every query and of the users table, from one pass over the corpus.
     *
     * @param sinceIds each query's committed {@code since_id} (absent: nothing is required)
     * @param pass the compliance pass the lake went through, if one was applied
     */
    static Result of(
            List<QuerySpec> queries,
            Map<String, String> sinceIds,
            LakeReport lake,
            XApiEmulator emulator,
            Instant firstFetchAt,
            Optional<PassWindow> pass) {
        Instant windowStart = firstFetchAt.minus(XApiEmulator.SEARCH_WINDOW);
        Instant requiredFrom = windowStart.plus(WINDOW_EDGE);
        Instant end = emulator.clock().instant().plusMillis(1);
        Map<String, String> texts = new LinkedHashMap<>();
        queries.forEach(q -> texts.put(q.name(), q.query()));
        Map<String, List<GroundTruthTweet>> truth = emulator.groundTruth(texts, windowStart, end);
        ComplianceSchedule schedule = emulator.compliance();
        Map<String, GroundTruthCheck> checks = new LinkedHashMap<>();
        Set<String> requiredAuthors = new TreeSet<>();
        for (QuerySpec query : queries) {
            String sinceId = sinceIds.get(query.name());
            long since = sinceId == null ? Long.MIN_VALUE : Long.parseLong(sinceId);
            SortedSet<String> actual = lake.idsOf(query.name());
            Set<String> allowed = new HashSet<>();
            int required = 0;
            int missing = 0;
            int gone = 0;
            int goneLeft = 0;
            int geoScrubbed = 0;
            int geoWrong = 0;
            for (GroundTruthTweet tweet : truth.get(query.name())) {
                allowed.add(tweet.id());
                Optional<ComplianceSchedule.Event> atStart = pass.flatMap(p -> schedule.post(tweet, p.start()));
                Optional<ComplianceSchedule.Event> atEnd = pass.flatMap(p -> schedule.post(tweet, p.end()));
                boolean goneAtStart = is(atStart, ComplianceSchedule.DELETE);
                boolean maybeGone = is(atEnd, ComplianceSchedule.DELETE);
                boolean stored = actual.contains(tweet.id());
                gone += goneAtStart ? 1 : 0;
                goneLeft += goneAtStart && stored ? 1 : 0;
                if (sinceId != null
                        && !maybeGone
                        && !tweet.createdAt().isBefore(requiredFrom)
                        && Long.parseLong(tweet.id()) <= since) {
                    required++;
                    // an account X no longer serves is not in the pages' includes, so not required
                    if (schedule.user(tweet.authorId(), end).isEmpty()) {
                        requiredAuthors.add(tweet.authorId());
                    }
                    missing += stored ? 0 : 1;
                }
                if (stored && !maybeGone) {
                    String place = lake.places().get(tweet.id());
                    boolean scrubbedAtStart = is(atStart, ComplianceSchedule.SCRUB_GEO);
                    boolean scrubbedAtEnd = is(atEnd, ComplianceSchedule.SCRUB_GEO);
                    geoScrubbed += scrubbedAtStart && place == null && tweet.placeId() != null ? 1 : 0;
                    boolean placeOk = scrubbedAtStart
                            ? place == null
                            : Objects.equals(place, tweet.placeId()) || (scrubbedAtEnd && place == null);
                    geoWrong += placeOk ? 0 : 1;
                }
            }
            int unexpected =
                    (int) actual.stream().filter(id -> !allowed.contains(id)).count();
            checks.put(
                    query.name(),
                    new GroundTruthCheck(
                            query.name(),
                            lake.rowsOf(query.name()),
                            actual.size(),
                            required,
                            missing,
                            unexpected,
                            gone,
                            goneLeft,
                            geoScrubbed,
                            geoWrong));
        }
        int authorsMissing = (int) requiredAuthors.stream()
                .filter(id -> !lake.userIds().contains(id))
                .count();
        int goneUsersLeft = pass.isEmpty()
                ? 0
                : (int) lake.userIds().stream()
                        .filter(id -> is(schedule.user(id, pass.get().start()), ComplianceSchedule.DELETE))
                        .count();
        int referencedGoneLeft = pass.isEmpty()
                ? 0
                : (int) lake.referencedIds().stream()
                        .map(emulator::groundTruthTweet)
                        .flatMap(Optional::stream)
                        .filter(tweet -> is(schedule.post(tweet, pass.get().start()), ComplianceSchedule.DELETE))
                        .count();
        return new Result(
                checks,
                new UsersCheck(
                        lake.userRows(), lake.userIds().size(), requiredAuthors.size(), authorsMissing, goneUsersLeft),
                new ReferencedCheck(lake.referencedIds().size(), referencedGoneLeft));
    }

    private static boolean is(Optional<ComplianceSchedule.Event> event, String action) {
        return event.isPresent() && event.get().action().equals(action);
    }

    /** Per query, and the users table. */
    record Result(Map<String, GroundTruthCheck> queries, UsersCheck users, ReferencedCheck referenced) {}

    /**
     * The referenced_tweets table: no post deleted on X before the pass (itself or its author's
     * account) may be there.
     */
    record ReferencedCheck(int distinct, int goneLeft) {

        boolean ok() {
            return goneLeft == 0;
        }
    }

    /**
     * The users table: the author of every required tweet must be there, no account gone on X
     * before the pass may be, and each id once.
     */
    record UsersCheck(long rows, int distinct, int requiredAuthors, int authorsMissing, int goneLeft) {

        int duplicates() {
            return (int) (rows - distinct);
        }

        boolean ok() {
            return authorsMissing == 0 && goneLeft == 0 && duplicates() == 0;
        }
    }

    int duplicates() {
        return (int) (rows - distinct);
    }

    boolean ok() {
        return missing == 0 && unexpected == 0 && duplicates() == 0 && goneLeft == 0 && geoWrong == 0;
    }
}
