package dev.xlake.infra.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.schema.LakeTables;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.glue.CfnTable;

class LakeColumnsTest {

    @Test
    void shouldGiveAthenaTheHiveTypeOfEveryKindOfColumn() {
        Map<String, String> tweets = types(LakeColumns.of(LakeTables.TWEETS.fileColumns()));

        assertThat(tweets)
                .containsEntry("id", "string")
                .containsEntry("author_verified", "boolean")
                .containsEntry("created_at", "timestamp")
                .containsEntry("like_count", "bigint")
                .containsEntry("hashtags", "array<string>")
                .containsEntry("referenced_tweets", "array<struct<type:string,id:string>>")
                .containsEntry(
                        "context_annotations",
                        "array<struct<domain_id:string,domain_name:string,entity_id:string,entity_name:string>>");
    }

    @Test
    void shouldDescribeEveryColumnOfTheSharedDefinitionInItsOrder() {
        List<String> glue = LakeColumns.of(LakeTables.USERS.fileColumns()).stream()
                .map(CfnTable.ColumnProperty::getName)
                .toList();

        assertThat(glue)
                .containsExactlyElementsOf(LakeTables.USERS.fileColumns().stream()
                        .map(c -> c.name())
                        .toList())
                .doesNotContain(LakeTables.ID_BUCKET);
        assertThat(LakeColumns.of(LakeTables.TWEETS.partitionColumns()))
                .extracting(CfnTable.ColumnProperty::getComment)
                .containsExactly("The configured query slug", "created_at UTC date, yyyy-MM-dd");
    }

    private static Map<String, String> types(List<CfnTable.ColumnProperty> columns) {
        return columns.stream()
                .collect(Collectors.toMap(CfnTable.ColumnProperty::getName, CfnTable.ColumnProperty::getType));
    }
}
