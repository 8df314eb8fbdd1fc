package dev.xlake.cli.local;

import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.compliance.LakeCompliance;
import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;

/**
 * What the curated tables hold, read through their Iceberg catalog with Iceberg's generic reader
 * (deletes applied, no Spark job: the lake of a local run is tens of thousands of rows, which one
 * thread reads in well under a second where each Spark job costs about as much): counts per query
 * and day, top hashtags and authors, every (query, id) row and its place for the ground-truth
 * check, and the users table's ids.
 *
 * @param places the {@code place_id} of every tweet row that has one, by tweet id
 * @param userIds the distinct ids of the users table
 * @param userRows the users table's rows
 */
record LakeReport(
        Map<String, SortedMap<String, Long>> tweetsPerDay,
        Map<String, List<Ranked>> topHashtags,
        Map<String, List<Ranked>> topAuthors,
        Map<String, SortedSet<String>> ids,
        Map<String, Long> rows,
        Map<String, String> places,
        Set<String> userIds,
        long userRows,
        Set<String> referencedIds) {

    static final int TOP = 3;

    record Ranked(String name, long count) {}

    /** Opening the lake creates its (empty) tables when nothing was converted yet. */
    static LakeReport read(SparkSession spark, String catalog, String warehouse) {
        IcebergLake lake = IcebergLake.open(spark, catalog, warehouse);
        Map<String, SortedMap<String, Long>> perDay = new TreeMap<>();
        Map<String, Map<String, Long>> hashtags = new HashMap<>();
        Map<String, Map<String, Long>> authors = new HashMap<>();
        Map<String, SortedSet<String>> ids = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        Map<String, String> places = new HashMap<>();
        scan(
                lake.tweets(),
                List.of(LakeTables.QUERY, LakeTables.DT, "id", "hashtags", "author_username", "place_id"),
                r -> {
                    String query = (String) r.getField(LakeTables.QUERY);
                    String id = (String) r.getField("id");
                    perDay.computeIfAbsent(query, q -> new TreeMap<>())
                            .merge((String) r.getField(LakeTables.DT), 1L, Long::sum);
                    ids.computeIfAbsent(query, q -> new TreeSet<>()).add(id);
                    rows.merge(query, 1L, Long::sum);
                    if (r.getField("hashtags") instanceof List<?> tags) {
                        Map<String, Long> counts = hashtags.computeIfAbsent(query, q -> new HashMap<>());
                        tags.forEach(tag -> counts.merge((String) tag, 1L, Long::sum));
                    }
                    if (r.getField("author_username") instanceof String author) {
                        authors.computeIfAbsent(query, q -> new HashMap<>()).merge(author, 1L, Long::sum);
                    }
                    if (r.getField("place_id") instanceof String place) {
                        places.put(id, place);
                    }
                });
        Set<String> userIds = new HashSet<>();
        long[] userRows = {0};
        scan(lake.users(), List.of("id"), r -> {
            userIds.add((String) r.getField("id"));
            userRows[0]++;
        });
        Set<String> referencedIds = new HashSet<>();
        scan(lake.referencedTweets(), List.of("id"), r -> referencedIds.add((String) r.getField("id")));
        return new LakeReport(
                perDay, top(hashtags), top(authors), ids, rows, places, userIds, userRows[0], referencedIds);
    }

    /** Every distinct tweet and user id of the lake, ascending: what a compliance pass over the whole lake asks X about. */
    static LakeCompliance.StoredIds storedIds(IcebergLake lake) {
        SortedSet<String> tweets = new TreeSet<>();
        scan(lake.tweets(), List.of("id"), r -> tweets.add((String) r.getField("id")));
        // referenced posts are X's posts too: a deleted original must leave referenced_tweets
        scan(lake.referencedTweets(), List.of("id"), r -> tweets.add((String) r.getField("id")));
        SortedSet<String> users = new TreeSet<>();
        scan(lake.users(), List.of("id"), r -> users.add((String) r.getField("id")));
        return new LakeCompliance.StoredIds(List.copyOf(tweets), List.copyOf(users));
    }

    private static void scan(Table table, List<String> columns, Consumer<Record> each) {
        try (CloseableIterable<Record> records =
                IcebergGenerics.read(table).select(columns).build()) {
            records.forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + table.name() + ": " + e.getMessage(), e);
        }
    }

    /** Per query, the {@value #TOP} most frequent names, ties by name. */
    private static Map<String, List<Ranked>> top(Map<String, Map<String, Long>> counts) {
        Map<String, List<Ranked>> top = new TreeMap<>();
        counts.forEach((query, byName) -> {
            List<Ranked> ranked = new ArrayList<>();
            byName.forEach((name, count) -> ranked.add(new Ranked(name, count)));
            ranked.sort(Comparator.comparingLong(Ranked::count).reversed().thenComparing(Ranked::name));
            top.put(query, List.copyOf(ranked.subList(0, Math.min(TOP, ranked.size()))));
        });
        return top;
    }

    long rowsOf(String query) {
        return rows.getOrDefault(query, 0L);
    }

    SortedSet<String> idsOf(String query) {
        return ids.getOrDefault(query, new TreeSet<>());
    }

    Set<String> queries() {
        return tweetsPerDay.keySet();
    }
}
