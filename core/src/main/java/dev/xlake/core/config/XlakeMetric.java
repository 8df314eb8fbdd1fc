package dev.xlake.core.config;

/**
 * The CloudWatch metrics the Lambdas publish (as embedded-metric-format log lines), each named and
 * given its unit once here, so that the CDK stack alarms on exactly what the handlers emit (see
 * {@code docs/fetch.md}).
 */
public enum XlakeMetric {
    /**
     * Seconds since the query that has waited longest was last reached, at the end of a fetch
     * invocation; alarmed on above {@link EnvNames#MAX_QUERY_WAIT}.
     */
    MAX_QUERY_WAIT_SECONDS("MaxQueryWaitSeconds", Unit.SECONDS),
    /** Queries a fetch invocation did not reach (time budget or rate limit used up before their turn). */
    UNREACHED_QUERIES("UnreachedQueries", Unit.COUNT),
    /** Per query ({@link #QUERY_DIMENSION}): post and user objects returned, and their estimated cost. */
    BILLABLE_POSTS("BillablePosts", Unit.COUNT),
    BILLABLE_USERS("BillableUsers", Unit.COUNT),
    ESTIMATED_COST_USD("EstimatedCostUsd", Unit.NONE),
    /**
     * The deployment's spend so far in the current UTC day and month according to the spend
     * ledger, at the end of a fetch invocation; alarmed on at 80 % and 100 % of the budgets.
     */
    SPENT_TODAY_USD("SpentTodayUsd", Unit.NONE),
    SPENT_THIS_MONTH_USD("SpentThisMonthUsd", Unit.NONE),
    /** Queries a fetch invocation stopped because a spend budget could not take another request. */
    BUDGET_EXHAUSTED_QUERIES("BudgetExhaustedQueries", Unit.COUNT),
    /**
     * Seconds the oldest run manifest not yet converted has waited, measured by the submit
     * function on each tick (docs/submit.md "Conversion lag"); alarmed on above the stack's
     * {@code maxConversionLagMinutes}.
     */
    CONVERSION_LAG_SECONDS("ConversionLagSeconds", Unit.SECONDS),
    /**
     * Compliance passes the compliance function ended as failed (a job failed or expired, a result
     * unreadable, the apply step failed or never recorded the pass); alarmed on at 1.
     */
    COMPLIANCE_FAILED_PASSES("ComplianceFailedPasses", Unit.COUNT),
    /** Compliance passes the compliance function saw applied; alarmed on when none for 48 h. */
    COMPLIANCE_APPLIED_PASSES("ComplianceAppliedPasses", Unit.COUNT);

    /** xlake's own metrics; AWS's (Lambda errors, SQS depth) stay in theirs. */
    public static final String NAMESPACE = "xlake";
    /** Every xlake metric carries the function that emitted it, so two stacks in one account do not mix. */
    public static final String FUNCTION_NAME_DIMENSION = "FunctionName";

    public static final String QUERY_DIMENSION = "Query";

    /** The CloudWatch units xlake uses; dollars have none of their own. */
    enum Unit {
        SECONDS("Seconds"),
        COUNT("Count"),
        NONE("None");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;

    XlakeMetric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The name CloudWatch files the metric under. */
    public String metricName() {
        return metricName;
    }

    /** The unit CloudWatch records the values in. */
    public String unit() {
        return unit.cloudWatchName;
    }
}
