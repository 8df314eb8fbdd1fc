package dev.xlake.core.compliance;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a compliance pass changes in the lake, from the events of its tweets and users jobs:
 * tweets to delete (every query's row of the id), tweets whose geo columns to null, users to
 * delete, and authors whose tweets all go (an account deleted, suspended, protected or
 * deactivated takes its posts with it). One event per id, the highest-ranked (X sends one; two
 * jobs over overlapping chunks could send two). {@code rehydrate} is counted, not applied: the
 * edited post stays as stored until a later fetch brings the new revision.
 */
public record CompliancePlan(
        SortedSet<String> deleteTweets,
        SortedSet<String> scrubGeoTweets,
        SortedSet<String> deleteUsers,
        Map<String, Long> tweetReasons,
        Map<String, Long> userReasons) {

    public static CompliancePlan of(Collection<ComplianceEvent> tweetEvents, Collection<ComplianceEvent> userEvents) {
        Map<String, ComplianceEvent> tweets = strongest(tweetEvents);
        Map<String, ComplianceEvent> users = strongest(userEvents);
        SortedSet<String> delete = new TreeSet<>();
        SortedSet<String> scrub = new TreeSet<>();
        tweets.values().forEach(event -> {
            if (event.action().equals(ComplianceEvent.DELETE)) {
                delete.add(event.id());
            } else if (event.action().equals(ComplianceEvent.SCRUB_GEO)) {
                scrub.add(event.id());
            }
        });
        SortedSet<String> deleteUsers = new TreeSet<>();
        users.values().stream()
                .filter(event -> event.action().equals(ComplianceEvent.DELETE))
                .forEach(event -> deleteUsers.add(event.id()));
        return new CompliancePlan(delete, scrub, deleteUsers, reasons(tweets.values()), reasons(users.values()));
    }

    /** Nothing to change. */
    public boolean isEmpty() {
        return deleteTweets.isEmpty() && scrubGeoTweets.isEmpty() && deleteUsers.isEmpty();
    }

    private static Map<String, ComplianceEvent> strongest(Collection<ComplianceEvent> events) {
        Map<String, ComplianceEvent> byId = new HashMap<>();
        events.forEach(event -> byId.merge(event.id(), event, (a, b) -> b.rank() > a.rank() ? b : a));
        return byId;
    }

    private static Map<String, Long> reasons(Collection<ComplianceEvent> events) {
        Map<String, Long> counts = new TreeMap<>();
        events.forEach(event -> counts.merge(event.action() + ":" + event.reason(), 1L, Long::sum));
        return counts;
    }
}
