package dev.xlake.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.MetricNames;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code ConversionLagSeconds} embedded-metric-format line: written to stdout as the whole log
 * event, CloudWatch Logs turns it into a metric with no API call and no extra permission.
 */
final class LagMetric {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LagMetric() {}

    static String emf(Duration lag, Instant at, String functionName) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode directive = line.putObject("_aws")
                .put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics")
                .addObject()
                .put("Namespace", MetricNames.NAMESPACE);
        directive.putArray("Dimensions").addArray().add(MetricNames.FUNCTION_NAME_DIMENSION);
        directive
                .putArray("Metrics")
                .addObject()
                .put("Name", MetricNames.CONVERSION_LAG_SECONDS)
                .put("Unit", "Seconds");
        line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
        line.put(MetricNames.CONVERSION_LAG_SECONDS, lag.toSeconds());
        return line.toString();
    }
}
