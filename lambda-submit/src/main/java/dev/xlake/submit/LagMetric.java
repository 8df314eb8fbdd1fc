package dev.xlake.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code ConversionLagSeconds} embedded-metric-format line: written to stdout as the whole log
 * event, CloudWatch Logs turns it into a metric with no API call and no extra permission.
 */
final class LagMetric {

    private LagMetric() {}

    static String emf(Duration lag, Instant at, String functionName) {
        ObjectNode line = EmfLine.start(
                at.toEpochMilli(),
                List.of(MetricNames.FUNCTION_NAME_DIMENSION),
                Map.of(MetricNames.CONVERSION_LAG_SECONDS, "Seconds"));
        line.put(MetricNames.FUNCTION_NAME_DIMENSION, functionName);
        line.put(MetricNames.CONVERSION_LAG_SECONDS, lag.toSeconds());
        return line.toString();
    }
}
