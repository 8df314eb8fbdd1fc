package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConvertSummaryTest {

    @Test
    void shouldPrintEveryFieldSnakeCasedInOrderWithSecondsToTheMillisecond() {
        ConvertSummary summary = new ConvertSummary(
                2, 10, 8, 2, 5, 4, 1, List.of("query=kpop/created_at_day=2026-11-25"), List.of("07"), 1.23456);

        assertThat(summary.toJson())
                .isEqualTo("{\"pages\":2,\"tweets_read\":10,\"tweets_written\":8,\"duplicates_dropped\":2,"
                        + "\"users_read\":5,\"users_written\":4,\"quarantined\":1,"
                        + "\"partitions_touched\":[\"query=kpop/created_at_day=2026-11-25\"],"
                        + "\"user_buckets_touched\":[\"07\"],\"seconds\":1.235}");
    }
}
