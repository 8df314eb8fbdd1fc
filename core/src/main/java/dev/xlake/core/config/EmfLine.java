package dev.xlake.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The start of a CloudWatch embedded-metric-format line in xlake's namespace: the {@code _aws}
 * directive naming one dimension set and the metrics with their units. The caller puts the
 * dimension and metric values on the returned object; written to stdout as the whole log event,
 * CloudWatch Logs turns it into metrics with no API call and no extra permission.
 */
public final class EmfLine {

    private EmfLine() {}

    /** @param metricUnits metric name to CloudWatch unit, in the order they are listed */
    public static ObjectNode start(long timestampMillis, List<String> dimensions, Map<String, String> metricUnits) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        ObjectNode directive = line.putObject("_aws")
                .put("Timestamp", timestampMillis)
                .putArray("CloudWatchMetrics")
                .addObject()
                .put("Namespace", MetricNames.NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        metricUnits.forEach((name, unit) ->
                metrics.add(Json.MAPPER.createObjectNode().put("Name", name).put("Unit", unit)));
        return line;
    }
}
