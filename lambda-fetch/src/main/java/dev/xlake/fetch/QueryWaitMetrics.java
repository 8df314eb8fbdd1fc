package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.MetricNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.json.Timestamps;

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
        ObjectNode line = Json.MAPPER.createObjectNode();
        ObjectNode directive = line.putObject("_aws")
                .put("Timestamp", Timestamps.parse(summary.finishedAt()).toEpochMilli())
                .putArray("CloudWatchMetrics")
                .addObject()
                .put("Namespace", MetricNames.NAMESPACE);
        directive.putArray("Dimensions").addArray().add(MetricNames.FUNCTION_NAME_DIMENSION);
        directive
                .putArray("Metrics")
                .add(metric(MetricNames.MAX_QUERY_WAIT_SECONDS, "Seconds"))
                .add(metric(MetricNames.UNREACHED_QUERIES, "Count"));
        line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
        line.put(
                MetricNames.MAX_QUERY_WAIT_SECONDS,
                summary.longestWait() == null ? 0 : summary.longestWait().waitSeconds());
        line.put(MetricNames.UNREACHED_QUERIES, summary.unreached().size());
        return line.toString();
    }

    private static ObjectNode metric(String name, String unit) {
        return Json.MAPPER.createObjectNode().put("Name", name).put("Unit", unit);
    }
}
