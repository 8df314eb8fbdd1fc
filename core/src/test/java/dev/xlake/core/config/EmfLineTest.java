package dev.xlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfLineTest {

    @Test
    void shouldListEachMetricWithItsOwnUnitInTheGivenOrder() {
        JsonNode directive = EmfLine.start(
                        1_000L,
                        List.of(XlakeMetric.FUNCTION_NAME_DIMENSION),
                        List.of(
                                XlakeMetric.SPENT_TODAY_USD,
                                XlakeMetric.BUDGET_EXHAUSTED_QUERIES,
                                XlakeMetric.CONVERSION_LAG_SECONDS))
                .at("/_aws/CloudWatchMetrics/0");

        assertThat(directive.path("Namespace").asText()).isEqualTo("xlake");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(directive.path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"SpentTodayUsd\",\"Unit\":\"None\"},"
                        + "{\"Name\":\"BudgetExhaustedQueries\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"ConversionLagSeconds\",\"Unit\":\"Seconds\"}]");
    }
}
