package dev.xlake.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.json.Json;
import java.util.List;

/**
 * The start of a CloudWatch embedded-metric-format line in xlake's namespace: the {@code _aws}
 * directive naming one dimension set and the metrics with their units. The caller puts the
 * dimension and metric values on the returned object; written to stdout as the whole log event,
 * CloudWatch Logs turns it into metrics with no API call and no extra permission.
 */
public final class EmfLine {

    private EmfLine() {}

    /** @param metrics the metrics the line carries, listed with their units in this order */
    public static ObjectNode start(long timestampMillis, List<String> dimensions, List<XlakeMetric> metrics) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        ObjectNode directive = line.putObject("_aws")
                .put("Timestamp", timestampMillis)
                .putArray("CloudWatchMetrics")
                .addObject()
                .put("Namespace", XlakeMetric.NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.forEach(dimensionSet::add);
        ArrayNode listed = directive.putArray("Metrics");
        metrics.forEach(metric -> listed.add(
                Json.MAPPER.createObjectNode().put("Name", metric.metricName()).put("Unit", metric.unit())));
        return line;
    }
}
