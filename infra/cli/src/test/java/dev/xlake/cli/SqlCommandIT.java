package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xlake sql} on a local catalog and warehouse, in the CLI's own Spark. */
class SqlCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheResultAsAnAlignedTableAndAsJsonLines() {
        // Given a lake with its (empty) tables, created by the first statement
        String catalog = "jdbc:sqlite:" + dir.resolve("catalog.db");
        String warehouse = "file:" + dir.resolve("curated");

        // When
        StringWriter out = new StringWriter();
        int exit = sql(
                out,
                catalog,
                warehouse,
                "SELECT 'kpop' AS query, count(*) AS tweets, max(id) AS newest FROM xlake.xlake.tweets");
        StringWriter json = new StringWriter();
        int jsonExit = sql(json, catalog, warehouse, "--json", "SELECT count(*) AS users FROM xlake.xlake.users");

        // Then
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly("query  tweets  newest", "kpop   0       NULL", "(1 row)");
        assertThat(jsonExit).isZero();
        assertThat(json.toString().lines()).containsExactly("{\"users\":0}");
    }

    @Test
    void shouldJoinTweetsWithTheTablesOfTheirExpansions() throws Exception {
        // Given a converted page: a retweet of an included post, with a video, a place and a poll
        String catalog = "jdbc:sqlite:" + dir.resolve("catalog.db");
        String warehouse = "file:" + dir.resolve("curated");
        Path page = dir.resolve("raw/query=kpop/page-00001.json");
        java.nio.file.Files.createDirectories(page.getParent());
        java.nio.file.Files.writeString(page, """
            {"data": [{"id": "1861000000000000001", "text": "RT @a: cut", "author_id": "11",
               "created_at": "2026-11-25T10:00:00.000Z",
               "referenced_tweets": [{"type": "retweeted", "id": "1860000000000000008"}],
               "attachments": {"media_keys": ["7_1"], "poll_ids": ["99"]}, "geo": {"place_id": "pl"}}],
             "includes": {
               "users": [{"id": "11", "username": "b"}, {"id": "12", "username": "a"}],
               "tweets": [{"id": "1860000000000000008", "text": "the original", "author_id": "12",
                           "created_at": "2026-11-24T10:00:00.000Z", "public_metrics": {"like_count": 7}}],
               "media": [{"media_key": "7_1", "type": "video", "public_metrics": {"view_count": 1234}}],
               "places": [{"id": "pl", "full_name": "Soledad, Colombia", "country_code": "CO"}],
               "polls": [{"id": "99", "voting_status": "open",
                          "options": [{"position": 1, "label": "Yes", "votes": 60}]}]},
             "meta": {"result_count": 1}}""");
        int converted = XlakeCli.commandLine()
                .execute(
                        "convert",
                        "--input",
                        "file:" + dir.resolve("raw"),
                        "--output",
                        warehouse,
                        "--catalog",
                        catalog);

        // When one query joins the tweets with the referenced posts, their authors, media, places and polls
        StringWriter out = new StringWriter();
        int exit = sql(
                out,
                catalog,
                warehouse,
                "--json",
                "SELECT t.id, r.text AS original, r.like_count, u.username AS original_author, m.type AS media,"
                        + " m.view_count, p.country_code, o.options[0].votes AS yes"
                        + " FROM xlake.xlake.tweets t"
                        + " JOIN xlake.xlake.referenced_tweets r ON r.id = t.retweeted_id"
                        + " JOIN xlake.xlake.users u ON u.id = r.author_id"
                        + " JOIN xlake.xlake.media m ON array_contains(t.media_keys, m.media_key)"
                        + " JOIN xlake.xlake.places p ON p.id = t.place_id"
                        + " JOIN xlake.xlake.polls o ON array_contains(t.poll_ids, o.id)");

        // Then
        assertThat(converted).isZero();
        assertThat(exit).isZero();
        assertThat(out.toString().lines())
                .containsExactly("{\"id\":\"1861000000000000001\",\"original\":\"the original\",\"like_count\":7,"
                        + "\"original_author\":\"a\",\"media\":\"video\",\"view_count\":1234,"
                        + "\"country_code\":\"CO\",\"yes\":60}");
    }

    private static int sql(StringWriter out, String catalog, String warehouse, String... rest) {
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        String[] args = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("sql", "--catalog", catalog, "--output", warehouse),
                        java.util.stream.Stream.of(rest))
                .toArray(String[]::new);
        return cli.execute(args);
    }
}
