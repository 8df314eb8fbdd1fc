package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.manifest.StopReason;
import java.util.ArrayList;
import java.util.List;

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
            ObjectNode line = EmfLine.start(
                    timestamp,
                    List.of(XlakeMetric.FUNCTION_NAME_DIMENSION, XlakeMetric.QUERY_DIMENSION),
                    List.of(XlakeMetric.BILLABLE_POSTS, XlakeMetric.BILLABLE_USERS, XlakeMetric.ESTIMATED_COST_USD));
            line.put(XlakeMetric.FUNCTION_NAME_DIMENSION, functionName);
            line.put(XlakeMetric.QUERY_DIMENSION, query.queryName());
            line.put(XlakeMetric.BILLABLE_POSTS.metricName(), query.billablePosts());
            line.put(XlakeMetric.BILLABLE_USERS.metricName(), query.billableUsers());
            line.put(XlakeMetric.ESTIMATED_COST_USD.metricName(), query.estimatedCostUsd());
            lines.add(line.toString());
        }
        if (summary.spend() != null) {
            ObjectNode line = EmfLine.start(
                    timestamp,
                    List.of(XlakeMetric.FUNCTION_NAME_DIMENSION),
                    List.of(
                            XlakeMetric.SPENT_TODAY_USD,
                            XlakeMetric.SPENT_THIS_MONTH_USD,
                            XlakeMetric.BUDGET_EXHAUSTED_QUERIES));
            line.put(XlakeMetric.FUNCTION_NAME_DIMENSION, functionName);
            line.put(
                    XlakeMetric.BUDGET_EXHAUSTED_QUERIES.metricName(),
                    summary.queries().stream()
                            .filter(q -> q.stopReason() == StopReason.BUDGET_EXHAUSTED)
                            .count());
            line.put(XlakeMetric.SPENT_TODAY_USD.metricName(), summary.spend().todayUsd());
            line.put(
                    XlakeMetric.SPENT_THIS_MONTH_USD.metricName(),
                    summary.spend().monthUsd());
            lines.add(line.toString());
        }
        return lines;
    }
}
