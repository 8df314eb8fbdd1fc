package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.core.json.Timestamps;
import java.util.List;

/**
 * One CloudWatch embedded-metric-format line per invocation: how long the longest-waiting query
 * has gone unreached ({@code MaxQueryWaitSeconds}, 0 while no query has ever been reached) and
 * how many queries this invocation did not reach. Written to stdout as the whole log event,
 * CloudWatch Logs turns it into metrics with no API call and no extra permission; the stack
 * alarms on the first.
 */
final class QueryWaitMetrics {

    private QueryWaitMetrics() {}

    static String emf(InvocationSummary summary, String functionName) {
        ObjectNode line = EmfLine.start(
                Timestamps.parse(summary.finishedAt()).toEpochMilli(),
                List.of(XlakeMetric.FUNCTION_NAME_DIMENSION),
                List.of(XlakeMetric.MAX_QUERY_WAIT_SECONDS, XlakeMetric.UNREACHED_QUERIES));
        line.put(XlakeMetric.FUNCTION_NAME_DIMENSION, functionName);
        line.put(
                XlakeMetric.MAX_QUERY_WAIT_SECONDS.metricName(),
                summary.longestWait() == null ? 0 : summary.longestWait().waitSeconds());
        line.put(XlakeMetric.UNREACHED_QUERIES.metricName(), summary.unreached().size());
        return line.toString();
    }
}
