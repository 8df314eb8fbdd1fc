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
 * fetcher requests, and where it lands: the columns it names exist in the curated tables
 * ({@code tweets}, {@code users}, {@code referenced_tweets}, {@code media}, {@code places},
 * {@code polls}), and nothing requested (and paid for) is missing from the table.
 */
class SearchFieldsDocTest {

    static final Path DOC = Path.of("../docs/schema.md");
    static final String HEADING = "## What the fetcher asks X for";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z._]+)` \\| `([a-z._]+)` \\| (.+) \\|$");
    private static final Pattern COLUMN =
            Pattern.compile("`(tweets|users|referenced_tweets|media|places|polls)\\.([a-z_]+)`");
    private static final Pattern ROWS_OF_TABLE = Pattern.compile("`(users|referenced_tweets|media|places|polls)` rows");
    private static final Pattern DOCUMENTED_COLUMN = Pattern.compile("^\\| `([a-z_]+)`");
    private static final Map<String, TableDef> TABLES = Map.of(
            "tweets", LakeTables.TWEETS,
            "users", LakeTables.USERS,
            "referenced_tweets", LakeTables.REFERENCED_TWEETS,
            "media", LakeTables.MEDIA,
            "places", LakeTables.PLACES,
            "polls", LakeTables.POLLS);

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
                TableDef table = TABLES.get(column.group(1));
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
            boolean hasColumn = COLUMN.matcher(row.lands()).find()
                    || ROWS_OF_TABLE.matcher(row.lands()).lookingAt();
            assertThat(hasColumn || row.lands().startsWith("left out: "))
                    .as(
                            "%s %s: '%s' names neither a column nor why it is left out",
                            row.parameter(), row.value(), row.lands())
                    .isTrue();
        }
    }

    @Test
    void shouldDocumentEveryColumnOfEveryTableInItsSection() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        List<String> undocumented = new ArrayList<>();
        TABLES.forEach((name, table) -> {
            Set<String> documented = new LinkedHashSet<>();
            for (String line : section(lines, "## `xlake." + name + "`")) {
                Matcher column = DOCUMENTED_COLUMN.matcher(line);
                if (column.lookingAt()) {
                    documented.add(column.group(1));
                }
            }
            table.allColumns().stream()
                    .map(c -> c.name())
                    .filter(c -> !documented.contains(c))
                    .forEach(c -> undocumented.add(name + "." + c));
        });

        assertThat(undocumented).as("columns " + DOC + " does not document").isEmpty();
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : section(Files.readAllLines(DOC), HEADING)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(new Row(row.group(1), row.group(2), row.group(3)));
            }
        }
        return rows;
    }

    /** The lines under the first heading that starts with {@code heading}, up to the next {@code ## } heading. */
    static List<String> section(List<String> lines, String heading) {
        int start = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith(heading))
                .findFirst()
                .orElseThrow(() -> new AssertionError(DOC + " has no heading '" + heading + "'")));
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }
}
