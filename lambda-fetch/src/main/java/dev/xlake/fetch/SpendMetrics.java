package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.MetricNames;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.manifest.StopReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embedded-metric-format lines for what an invocation spent: per query that X served, the post
 * and user objects returned and their estimated cost (dimensions FunctionName, Query); and the
 * deployment's spend so far today and this month from the ledger and the queries a budget stopped
 * (dimension FunctionName), which the stack alarms on (80 % of a budget; a budget reached).
 */
final class SpendMetrics {

    private SpendMetrics() {}

    static List<String> emf(InvocationSummary summary, String functionName) {
        long timestamp = Timestamps.parse(summary.finishedAt()).toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (QuerySummary query : summary.queries()) {
            if (!query.reached()) {
                continue;
            }
            ObjectNode line = directive(
                    timestamp,
                    List.of(MetricNames.FUNCTION_NAME_DIMENSION, MetricNames.QUERY_DIMENSION),
                    List.of(MetricNames.BILLABLE_POSTS, MetricNames.BILLABLE_USERS, MetricNames.ESTIMATED_COST_USD));
            line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
            line.put(MetricNames.QUERY_DIMENSION, query.queryName());
            line.put(MetricNames.BILLABLE_POSTS, query.billablePosts());
            line.put(MetricNames.BILLABLE_USERS, query.billableUsers());
            line.put(MetricNames.ESTIMATED_COST_USD, query.estimatedCostUsd());
            lines.add(line.toString());
        }
        if (summary.spend() != null) {
            ObjectNode line = directive(
                    timestamp,
                    List.of(MetricNames.FUNCTION_NAME_DIMENSION),
                    List.of(
                            MetricNames.SPENT_TODAY_USD,
                            MetricNames.SPENT_THIS_MONTH_USD,
                            MetricNames.BUDGET_EXHAUSTED_QUERIES));
            line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
            line.put(
                    MetricNames.BUDGET_EXHAUSTED_QUERIES,
                    summary.queries().stream()
                            .filter(q -> q.stopReason() == StopReason.BUDGET_EXHAUSTED)
                            .count());
            line.put(MetricNames.SPENT_TODAY_USD, summary.spend().todayUsd());
            line.put(MetricNames.SPENT_THIS_MONTH_USD, summary.spend().monthUsd());
            lines.add(line.toString());
        }
        return lines;
    }

    private static ObjectNode directive(long timestamp, List<String> dimensions, List<String> metrics) {
        // Dollars have no CloudWatch unit: "None"; resources are counts.
        Map<String, String> units = new LinkedHashMap<>();
        metrics.forEach(name -> units.put(name, name.endsWith("Usd") ? "None" : "Count"));
        return EmfLine.start(timestamp, dimensions, units);
    }
}
