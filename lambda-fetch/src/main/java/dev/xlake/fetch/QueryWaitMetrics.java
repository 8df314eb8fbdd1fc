package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.MetricNames;
import dev.xlake.core.json.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, String> units = new LinkedHashMap<>();
        units.put(MetricNames.MAX_QUERY_WAIT_SECONDS, "Seconds");
        units.put(MetricNames.UNREACHED_QUERIES, "Count");
        ObjectNode line = EmfLine.start(
                Timestamps.parse(summary.finishedAt()).toEpochMilli(),
                List.of(MetricNames.FUNCTION_NAME_DIMENSION),
                units);
        line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
        line.put(
                MetricNames.MAX_QUERY_WAIT_SECONDS,
                summary.longestWait() == null ? 0 : summary.longestWait().waitSeconds());
        line.put(MetricNames.UNREACHED_QUERIES, summary.unreached().size());
        return line.toString();
    }
}
