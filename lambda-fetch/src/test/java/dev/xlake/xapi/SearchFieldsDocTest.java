package dev.xlake.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/schema.md's "What the fetcher asks X for" table names every field and expansion the
 * fetcher requests, and where it lands: the columns it names exist, and nothing requested (and
 * paid for) is missing from the table.
 */
class SearchFieldsDocTest {

    static final Path DOC = Path.of("../docs/schema.md");
    static final String HEADING = "## What the fetcher asks X for";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z._]+)` \\| `([a-z._]+)` \\| (.+) \\|$");
    private static final Pattern COLUMN = Pattern.compile("`(tweets|users)\\.([a-z_]+)`");

    private static final Map<String, String> REQUESTED = Map.of(
            "tweet.fields", SearchFields.TWEET_FIELDS,
            "expansions", SearchFields.EXPANSIONS,
            "user.fields", SearchFields.USER_FIELDS,
            "media.fields", SearchFields.MEDIA_FIELDS,
            "place.fields", SearchFields.PLACE_FIELDS,
            "poll.fields", SearchFields.POLL_FIELDS);

    record Row(String parameter, String value, String lands) {}

    @Test
    void shouldListEveryRequestedFieldAndNothingElse() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (Row row : rows()) {
            documented.add(row.parameter() + "=" + row.value());
        }
        Set<String> requested = new LinkedHashSet<>();
        REQUESTED.forEach((parameter, values) -> {
            for (String value : values.split(",")) {
                requested.add(parameter + "=" + value);
            }
        });

        assertThat(documented).as("rows of the table in " + DOC).containsExactlyInAnyOrderElementsOf(requested);
    }

    @Test
    void shouldNameOnlyColumnsTheTablesHave() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (Row row : rows()) {
            Matcher column = COLUMN.matcher(row.lands());
            while (column.find()) {
                TableDef table = column.group(1).equals("tweets") ? LakeTables.TWEETS : LakeTables.USERS;
                if (table.allColumns().stream().noneMatch(c -> c.name().equals(column.group(2)))) {
                    unknown.add(row.value() + " -> " + column.group());
                }
            }
        }

        assertThat(unknown)
                .as("columns named in " + DOC + " that LakeTables lacks")
                .isEmpty();
    }

    @Test
    void shouldSayWhyEachFieldWithoutAColumnIsLeftOut() throws IOException {
        for (Row row : rows()) {
            boolean hasColumn =
                    COLUMN.matcher(row.lands()).find() || row.lands().startsWith("`users` rows");
            assertThat(hasColumn || row.lands().startsWith("left out: "))
                    .as(
                            "%s %s: '%s' names neither a column nor why it is left out",
                            row.parameter(), row.value(), row.lands())
                    .isTrue();
        }
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith(HEADING))
                .findFirst()
                .orElseThrow(() -> new AssertionError(DOC + " has no heading '" + HEADING + "'")));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(new Row(row.group(1), row.group(2), row.group(3)));
            }
        }
        return rows;
    }
}
