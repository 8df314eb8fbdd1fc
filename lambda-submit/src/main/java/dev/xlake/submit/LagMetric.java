package dev.xlake.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.config.EmfLine;
import dev.xlake.core.config.XlakeMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code ConversionLagSeconds} embedded-metric-format line: written to stdout as the whole log
 * event, CloudWatch Logs turns it into a metric with no API call and no extra permission.
 */
final class LagMetric {

    private LagMetric() {}

    static String emf(Duration lag, Instant at, String functionName) {
        ObjectNode line = EmfLine.start(
                at.toEpochMilli(),
                List.of(XlakeMetric.FUNCTION_NAME_DIMENSION),
                List.of(XlakeMetric.CONVERSION_LAG_SECONDS));
        line.put(XlakeMetric.FUNCTION_NAME_DIMENSION, functionName);
        line.put(XlakeMetric.CONVERSION_LAG_SECONDS.metricName(), lag.toSeconds());
        return line.toString();
    }
}
