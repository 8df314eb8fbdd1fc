package dev.xlake.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.schema.ColumnType.Primitive;
import java.util.List;
import org.junit.jupiter.api.Test;

class LakeTablesTest {

    @Test
    void shouldEndEveryTableOfFetchedObjectsWithTheFetchThatStoredTheRowAndTheRawObject() {
        List<TableDef> fetched = List.of(
                LakeTables.TWEETS,
                LakeTables.USERS,
                LakeTables.REFERENCED_TWEETS,
                LakeTables.MEDIA,
                LakeTables.PLACES,
                LakeTables.POLLS);

        for (TableDef table : fetched) {
            List<Column> columns = table.fileColumns();
            assertThat(columns.subList(columns.size() - 3, columns.size()))
                    .as(table.name())
                    .containsExactly(
                            new Column("fetched_at", Primitive.TIMESTAMP, false, null),
                            new Column("run_id", Primitive.STRING, true, null),
                            new Column("raw_object", Primitive.STRING, false, "The raw page object the row came from"));
            assertThat(columns.stream().map(Column::name)).as(table.name()).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldKeepTheTableSpecificColumnsBeforeTheFetchColumns() {
        assertThat(LakeTables.POLLS.fileColumns().stream().map(Column::name))
                .containsExactly(
                        "id",
                        "options",
                        "duration_minutes",
                        "end_datetime",
                        "voting_status",
                        "fetched_at",
                        "run_id",
                        "raw_object");
        assertThat(LakeTables.TWEETS.fileColumns().get(0)).isEqualTo(Column.required("id", Primitive.STRING));
    }
}
