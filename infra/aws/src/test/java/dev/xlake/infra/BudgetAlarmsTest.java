package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.infra.fetch.FetchFunction;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spend budgets from the CDK context: the poller's variables and the 80 % / reached alarms. */
class BudgetAlarmsTest {

    static SynthesizedStack synth;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedStack.of(
                Map.of(XlakeConfig.DAILY_BUDGET_USD, "25", XlakeConfig.MONTHLY_BUDGET_USD, "500.00"));
    }

    static JsonNode alarmOn(String metricName) {
        return synth.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.path("Properties"))
                .filter(a -> metricName.equals(a.path("MetricName").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alarm on " + metricName));
    }

    @Test
    void shouldGiveThePollerTheBudgets() {
        JsonNode variables = synth.function(FetchFunction.HANDLER).getValue().at("/Properties/Environment/Variables");
        assertThat(variables.path(EnvNames.DAILY_BUDGET_USD).asText()).isEqualTo("25");
        assertThat(variables.path(EnvNames.MONTHLY_BUDGET_USD).asText()).isEqualTo("500.00");
    }

    @Test
    void shouldAlarmAt80PercentOfEachBudgetAndWhenABudgetStopsThePoller() {
        String fetchId = synth.function(FetchFunction.HANDLER).getKey();
        JsonNode daily = alarmOn(XlakeMetric.SPENT_TODAY_USD.metricName());
        JsonNode monthly = alarmOn(XlakeMetric.SPENT_THIS_MONTH_USD.metricName());
        JsonNode reached = alarmOn(XlakeMetric.BUDGET_EXHAUSTED_QUERIES.metricName());

        assertThat(daily.path("Threshold").asDouble()).isEqualTo(20.0);
        assertThat(monthly.path("Threshold").asDouble()).isEqualTo(400.0);
        assertThat(reached.path("Threshold").asDouble()).isEqualTo(1.0);
        for (JsonNode alarm : new JsonNode[] {daily, monthly, reached}) {
            assertThat(alarm.path("Namespace").asText()).isEqualTo(XlakeMetric.NAMESPACE);
            assertThat(alarm.path("Statistic").asText()).isEqualTo("Maximum");
            assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(alarm.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(fetchId);
        }
    }

    @Test
    void shouldSetNoBudgetVariableWithoutABudget() {
        JsonNode variables = SynthesizedStack.of(Map.of())
                .function(FetchFunction.HANDLER)
                .getValue()
                .at("/Properties/Environment/Variables");
        assertThat(variables.has(EnvNames.DAILY_BUDGET_USD)).isFalse();
        assertThat(variables.has(EnvNames.MONTHLY_BUDGET_USD)).isFalse();
    }
}
