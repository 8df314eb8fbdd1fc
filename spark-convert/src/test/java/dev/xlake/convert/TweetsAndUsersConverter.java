package dev.xlake.convert;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Test-only: the converter without the expansion tables, tweets and users only, reading the same
 * pages (their other {@code includes} skipped). The benchmark times it next to the real conversion
 * on the same input (issue 15's target: within 10 %, docs/benchmarks.md). Not a conversion to run
 * on a lake: the expansion tables' ledgers do not get the runs.
 */
public final class TweetsAndUsersConverter {

    private TweetsAndUsersConverter() {}

    public static ConvertSummary run(SparkSession spark, ConvertOptions options) {
        return Converter.run(spark, options, List.<KeyedTable<?>>of(KeyedTable.USERS));
    }
}
