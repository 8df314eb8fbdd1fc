package dev.xlake.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened on "X" to the corpus after it was posted: which posts were deleted, which
 * accounts were suspended, deactivated, protected or deleted, which posts had their geo data
 * scrubbed. The batch compliance jobs ({@link ComplianceJobs}) answer from it.
 *
 * <p>Two sources: a deterministic schedule over the corpus (per-id hashes against the configured
 * rates, so the same seed gives the same events; corpus accounts generated as unavailable are
 * suspended), and events tests mark explicitly ({@link #markPost}, {@link #markUser}), which win.
 * An event counts from its {@code redacted_at}: a scheduled one lies between one hour and one
 * day after the post was created, so a job only reports what has happened by the clock's now.
 * The search endpoint is not affected (see docs/x-emulator.md).
 */
public final class ComplianceSchedule {

    /** X's actions (docs/compliance.md). */
    public static final String DELETE = "delete";

    public static final String SCRUB_GEO = "scrub_geo";
    /** The reasons of {@code delete} for an account, in the order the schedule picks from. */
    static final String[] USER_REASONS = {"suspended", "deactivated", "protected", "deleted"};

    /** One event: what to do with the stored copy of an id, why, and since when. */
    public record Event(String action, String reason, Instant redactedAt) {
        public Event {
            if (!DELETE.equals(action) && !SCRUB_GEO.equals(action) && !"rehydrate".equals(action)) {
                throw new IllegalArgumentException("Cannot use compliance action " + action);
            }
        }
    }

    /** Fractions (0-1) of posts deleted, of posts with geo scrubbed, of accounts gone. */
    public record Rates(double deletedPosts, double scrubbedGeo, double goneUsers) {
        public static final Rates NONE = new Rates(0, 0, 0);

        public Rates {
            for (double rate : new double[] {deletedPosts, scrubbedGeo, goneUsers}) {
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException("Cannot use compliance rate " + rate + ": must be in [0, 1]");
                }
            }
        }
    }

    private final long seed;
    private final Corpus corpus;
    private final Rates rates;
    private final Map<Long, Event> markedPosts = new ConcurrentHashMap<>();
    private final Map<Long, Event> markedUsers = new ConcurrentHashMap<>();

    ComplianceSchedule(long seed, Corpus corpus, Rates rates) {
        this.seed = seed;
        this.corpus = corpus;
        this.rates = rates;
    }

    /** From now on, a tweets job reports this post with this action and reason. */
    public void markPost(String id, String action, String reason, Instant redactedAt) {
        markedPosts.put(parse(id), new Event(action, reason, redactedAt));
    }

    /** From now on, a users job reports this account deleted for this reason, and its posts too. */
    public void markUser(String id, String reason, Instant redactedAt) {
        markedUsers.put(parse(id), new Event(DELETE, reason, redactedAt));
    }

    /** The event of a post as of {@code now}, if any. */
    Optional<Event> post(long id, Instant now) {
        Event marked = markedPosts.get(id);
        if (marked != null) {
            return due(marked, now);
        }
        return corpus.tweet(id)
                .flatMap(post -> scheduled(id, post.author().id(), post.createdAt(), post.placeId(), now));
    }

    /**
     * What a tweets job run at {@code asOf} reports of a ground-truth tweet, if anything: the
     * answer a check of the lake compares against, from the schedule alone.
     */
    public Optional<Event> post(GroundTruthTweet tweet, Instant asOf) {
        long id = parse(tweet.id());
        Event marked = markedPosts.get(id);
        if (marked != null) {
            return due(marked, asOf);
        }
        return scheduled(id, parse(tweet.authorId()), tweet.createdAt(), tweet.placeId(), asOf);
    }

    /** What a users job run at {@code asOf} reports of an account, if anything. */
    public Optional<Event> user(String id, Instant asOf) {
        return user(parse(id), asOf);
    }

    private Optional<Event> scheduled(long id, long authorId, Instant createdAt, String placeId, Instant now) {
        Optional<Event> author = user(authorId, now);
        if (author.isPresent()) {
            return author;
        }
        Instant at = createdAt.plus(delay(id, 1));
        if (fraction(id, 2) < rates.deletedPosts()) {
            return due(new Event(DELETE, "deleted", at), now);
        }
        if (placeId != null && fraction(id, 3) < rates.scrubbedGeo()) {
            return due(new Event(SCRUB_GEO, "geo_scrubbed", at), now);
        }
        return Optional.empty();
    }

    /** The event of an account as of {@code now}, if any. */
    Optional<Event> user(long id, Instant now) {
        Event marked = markedUsers.get(id);
        if (marked != null) {
            return due(marked, now);
        }
        Optional<CorpusUser> user = corpus.user(id);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (user.get().unavailable()) {
            return Optional.of(new Event(DELETE, "suspended", null));
        }
        if (fraction(id, 4) < rates.goneUsers()) {
            String reason = USER_REASONS[(int) Math.floorMod(Corpus.mix(seed, id, 5), USER_REASONS.length)];
            // accounts go at some point within the corpus's first days
            return due(new Event(DELETE, reason, user.get().createdAt().plus(delay(id, 6))), now);
        }
        return Optional.empty();
    }

    private static Optional<Event> due(Event event, Instant now) {
        return event.redactedAt() == null || !event.redactedAt().isAfter(now) ? Optional.of(event) : Optional.empty();
    }

    private Duration delay(long id, int salt) {
        return Duration.ofHours(1).plusSeconds(Math.floorMod(Corpus.mix(seed, id, salt), 23 * 3600L));
    }

    private double fraction(long id, int salt) {
        return (Corpus.mix(seed, id, 100 + salt) >>> 11) * 0x1.0p-53;
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Cannot use id '" + id + "': not a numeric id", e);
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "compliance(deleted posts %.3f, scrubbed geo %.3f, gone users %.3f, %d marked)",
                rates.deletedPosts(),
                rates.scrubbedGeo(),
                rates.goneUsers(),
                markedPosts.size() + markedUsers.size());
    }
}
