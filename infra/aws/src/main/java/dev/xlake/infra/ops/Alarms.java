package dev.xlake.infra.ops;

import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.XlakeMetric;
import dev.xlake.infra.TerminalQueues;
import dev.xlake.infra.XlakeConfig;
import dev.xlake.infra.compliance.ComplianceFunction;
import dev.xlake.infra.emr.ConverterCluster;
import dev.xlake.infra.fetch.FetchFunction;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Alarms on what needs a human: the poller failing or being throttled, a query going unreached
 * for longer than {@code maxQueryWaitHours}, submissions failing or dead-lettered, EMR convert
 * steps failing, and a manifest waiting longer than {@code maxConversionLagMinutes} to be converted. Notifications go to an SNS topic when one is
 * configured; without one the alarms still show in the console.
 */
public final class Alarms extends Construct {

    private final Optional<Topic> topic;

    public Alarms(
            Construct scope,
            String id,
            XlakeConfig config,
            FetchFunction fetch,
            SubmitFunction submit,
            ConverterCluster cluster) {
        super(scope, id);
        this.topic = config.createsAlarmTopic()
                ? Optional.of(Topic.Builder.create(this, "Topic")
                        .displayName("xlake alarms")
                        .enforceSsl(true)
                        .build())
                : Optional.empty();
        config.alarmEmail().ifPresent(email -> topic.orElseThrow().addSubscription(new EmailSubscription(email)));

        MetricOptions fiveMinuteSum = MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
        alarm(
                "FetchErrors",
                "xlake fetch function invocations failed",
                fetch.function().metricErrors(fiveMinuteSum));
        // Reserved concurrency 1 means a tick that overlaps a slow run is throttled: worth knowing if it persists.
        alarm(
                "FetchThrottles",
                "xlake fetch function was throttled (runs overlap the schedule)",
                fetch.function().metricThrottles(fiveMinuteSum));
        alarmAbove(
                "QueryWait",
                "xlake: a query has not been reached by the poller for more than "
                        + config.maxQueryWait().toHours() + " h (" + EnvNames.MAX_QUERY_WAIT
                        + "); past 7 days its tweets leave X's search window for good",
                maxQueryWait(fetch, config),
                config.maxQueryWait().toSeconds());
        config.dailyBudgetUsd()
                .ifPresent(budget -> budgetAlarms("Daily", XlakeMetric.SPENT_TODAY_USD, budget, fetch, config));
        config.monthlyBudgetUsd()
                .ifPresent(budget -> budgetAlarms("Monthly", XlakeMetric.SPENT_THIS_MONTH_USD, budget, fetch, config));
        if (config.dailyBudgetUsd().isPresent() || config.monthlyBudgetUsd().isPresent()) {
            alarm(
                    "BudgetExhausted",
                    "xlake: a spend budget stopped the poller (100 %): queries wait for the next period or a raised"
                            + " budget",
                    fetchMetric(XlakeMetric.BUDGET_EXHAUSTED_QUERIES, fetch, config));
        }
        alarm(
                "SubmitErrors",
                "xlake submit function invocations failed",
                submit.function().metricErrors(fiveMinuteSum));
        alarm(
                "SubmitDeadLetters",
                "xlake manifest events could not be submitted (dead-letter queue)",
                submit.deadLetters()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .period(Duration.minutes(5))
                                .statistic("Maximum")
                                .build()));

        // EMR reports step failures as events, not metrics: a rule sends them to a queue, where the
        // details wait for whoever handles the alarm, and the queue's arrivals are the alarm's metric.
        Queue stepFailures = TerminalQueues.create(
                this,
                "StepFailureEvents",
                "This queue is where EMR step-failure events wait for whoever handles the ConvertStepFailures"
                        + " alarm: a terminal sink whose messages expire after 14 days, not a work queue to retry");
        Rule.Builder.create(this, "StepFailures")
                .description("xlake: EMR convert steps that failed on the converter cluster")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.emr"))
                        .detailType(List.of("EMR Step Status Change"))
                        .detail(Map.of(
                                "state",
                                List.of("FAILED"),
                                failedStepsOf(cluster).getKey(),
                                failedStepsOf(cluster).getValue()))
                        .build())
                .targets(List.of(new SqsQueue(stepFailures)))
                .build();
        alarm(
                "ConvertStepFailures",
                "xlake EMR convert steps failed (events in the StepFailureEvents queue)",
                stepFailures.metricNumberOfMessagesSent(fiveMinuteSum));
        alarmAbove(
                "ConversionLag",
                "xlake: a run manifest has waited more than "
                        + config.maxConversionLag().toMinutes()
                        + " min to be converted (" + XlakeConfig.MAX_CONVERSION_LAG_MINUTES
                        + "): conversions are not completing; see docs/deploy-aws.md 'Operate'",
                conversionLag(submit),
                config.maxConversionLag().toSeconds());
    }

    /**
     * The compliance pass (docs/compliance.md): a pass that ended failed (a job failed or expired,
     * a malformed result, an apply step that failed) alarms at once; and a day-long sum of applied
     * passes below one for two days running means the daily pass has stopped completing. The
     * function emits its counts only in an invocation that ends a pass, so a day with no data is a
     * day with no applied pass: missing data is breaching there (and not for the failed-pass alarm).
     */
    public void watchCompliance(ComplianceFunction compliance) {
        alarm(
                "ComplianceFailedPasses",
                "xlake: a compliance pass failed (an X job failed or expired, a malformed result, or the apply"
                        + " step failed): its record under state/x/compliance/ says why; the next day's pass starts"
                        + " over",
                complianceMetric(compliance, XlakeMetric.COMPLIANCE_FAILED_PASSES, Duration.minutes(5)));
        Alarm noApplied = Alarm.Builder.create(this, "ComplianceNotApplied")
                .alarmDescription("xlake: no compliance pass was applied for 48 h: deletions on X are not reaching"
                        + " the tables (check the compliance-ids step, the compliance function and its errors)")
                .metric(complianceMetric(compliance, XlakeMetric.COMPLIANCE_APPLIED_PASSES, Duration.days(1)))
                .threshold(1)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        topic.ifPresent(t -> noApplied.addAlarmAction(new SnsAction(t)));
    }

    private static IMetric complianceMetric(ComplianceFunction compliance, XlakeMetric metric, Duration period) {
        return ownMetric(metric, compliance.function(), "Sum", period);
    }

    /**
     * Which failed steps count: on a cluster passed by id, that cluster's; on a created cluster,
     * every xlake step (name prefix), so that the rule follows a replacement cluster, whose id is
     * known only when the submit function starts it.
     */
    private static Map.Entry<String, List<?>> failedStepsOf(ConverterCluster cluster) {
        return cluster.replacement().isPresent()
                ? Map.entry("name", List.of(Map.of("prefix", "xlake-")))
                : Map.entry("clusterId", List.of(cluster.clusterId()));
    }

    /** The lag the submit function measures on each tick; its maximum over five minutes. */
    private static IMetric conversionLag(SubmitFunction submit) {
        return ownMetric(XlakeMetric.CONVERSION_LAG_SECONDS, submit.function(), "Maximum", Duration.minutes(5));
    }

    /**
     * The longest wait the poller reports at the end of each invocation (an embedded-metric-format
     * log line), its maximum over one schedule period so that every period holds one tick.
     */
    private static IMetric maxQueryWait(FetchFunction fetch, XlakeConfig config) {
        return fetchMetric(XlakeMetric.MAX_QUERY_WAIT_SECONDS, fetch, config);
    }

    /** One of xlake's own metrics as {@code function} reports it, aggregated over {@code period}. */
    private static IMetric ownMetric(XlakeMetric metric, Function function, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(XlakeMetric.NAMESPACE)
                .metricName(metric.metricName())
                .dimensionsMap(Map.of(XlakeMetric.FUNCTION_NAME_DIMENSION, function.getFunctionName()))
                .statistic(statistic)
                .period(period)
                .build();
    }

    /**
     * At 80 % of a budget someone should look (the metric is the ledger's total at the end of each
     * invocation, reservations included). The poller never starts a request that could take a
     * period over its budget, so spend stops short of 100 %: "100 %" is the poller stopping a query
     * for a budget ({@code BudgetExhaustedQueries}), which lasts until the period ends or the
     * budget is raised.
     */
    private void budgetAlarms(
            String period, XlakeMetric metric, java.math.BigDecimal budget, FetchFunction fetch, XlakeConfig config) {
        build(
                period + "Budget80",
                "xlake: the X API spend of this " + period.toLowerCase(java.util.Locale.ROOT)
                        + " period reached 80 % of" + " its $" + budget.toPlainString() + " budget",
                fetchMetric(metric, fetch, config),
                budget.doubleValue() * 0.8,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    /** The maximum of a metric the poller reports once per invocation, over one schedule period. */
    private static IMetric fetchMetric(XlakeMetric metric, FetchFunction fetch, XlakeConfig config) {
        return ownMetric(
                metric,
                fetch.function(),
                "Maximum",
                Duration.minutes(Math.max(5, config.fetchRate().toMinutes())));
    }

    private void alarm(String id, String description, IMetric metric) {
        build(id, description, metric, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarmAbove(String id, String description, IMetric metric, double threshold) {
        build(id, description, metric, threshold, ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    /** Missing data is not a breach: a poller that stops running at all is what FetchErrors is for. */
    private void build(String id, String description, IMetric metric, double threshold, ComparisonOperator above) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(above)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        topic.ifPresent(t -> alarm.addAlarmAction(new SnsAction(t)));
    }

    public Optional<Topic> topic() {
        return topic;
    }
}
