package dev.xlake.cli.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;

import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.LakeSchema;
import dev.xlake.core.schema.LakeTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the curated tweets table holds, read through its Iceberg catalog: counts per query and day,
 * top hashtags and authors, and every (query, id) row for the ground-truth check.
 */
record LakeReport(
        Map<String, SortedMap<String, Long>> tweetsPerDay,
        Map<String, List<Ranked>> topHashtags,
        Map<String, List<Ranked>> topAuthors,
        Map<String, SortedSet<String>> ids,
        Map<String, Long> rows) {

    static final int TOP = 3;

    record Ranked(String name, long count) {}

    /** Opening the lake creates its (empty) tables when nothing was converted yet. */
    static LakeReport read(SparkSession spark, String catalog, String warehouse) {
        IcebergLake.open(spark, catalog, warehouse);
        Dataset<Row> tweets = spark.table(IcebergLake.sqlName(LakeTables.TWEETS))
                .select(LakeSchema.QUERY, LakeSchema.DT, "id", "hashtags", "author_username")
                .cache();
        try {
            Map<String, SortedMap<String, Long>> perDay = new TreeMap<>();
            for (Row r : tweets.groupBy(LakeSchema.QUERY, LakeSchema.DT).count().collectAsList()) {
                perDay.computeIfAbsent(r.getString(0), q -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            }
            Map<String, List<Ranked>> hashtags = top(tweets.select(
                    col(LakeSchema.QUERY), explode(col("hashtags")).as("name")));
            Map<String, List<Ranked>> authors = top(
                    tweets.select(col(LakeSchema.QUERY), col("author_username").as("name"))
                            .where(col("name").isNotNull()));
            Map<String, SortedSet<String>> ids = new HashMap<>();
            Map<String, Long> rows = new HashMap<>();
            for (Row r : tweets.select(LakeSchema.QUERY, "id").collectAsList()) {
                ids.computeIfAbsent(r.getString(0), q -> new TreeSet<>()).add(r.getString(1));
                rows.merge(r.getString(0), 1L, Long::sum);
            }
            return new LakeReport(perDay, hashtags, authors, ids, rows);
        } finally {
            tweets.unpersist();
        }
    }

    private static Map<String, List<Ranked>> top(Dataset<Row> queryAndName) {
        Map<String, List<Ranked>> top = new LinkedHashMap<>();
        List<Row> counted = queryAndName
                .groupBy(LakeSchema.QUERY, "name")
                .agg(count("*").as("n"))
                .orderBy(col(LakeSchema.QUERY), col("n").desc(), col("name"))
                .collectAsList();
        for (Row r : counted) {
            List<Ranked> list = top.computeIfAbsent(r.getString(0), q -> new ArrayList<>());
            if (list.size() < TOP) {
                list.add(new Ranked(r.getString(1), r.getLong(2)));
            }
        }
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
