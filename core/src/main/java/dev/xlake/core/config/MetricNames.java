package dev.xlake.core.config;

/**
 * The CloudWatch metrics the Lambdas publish (as embedded-metric-format log lines), named once
 * here so that the CDK stack alarms on exactly what the handlers emit (see {@code docs/fetch.md}).
 */
public final class MetricNames {

    /** xlake's own metrics; AWS's (Lambda errors, SQS depth) stay in theirs. */
    public static final String NAMESPACE = "xlake";
    /** Every xlake metric carries the function that emitted it, so two stacks in one account do not mix. */
    public static final String FUNCTION_NAME_DIMENSION = "FunctionName";
    /**
     * Seconds since the query that has waited longest was last reached, at the end of a fetch
     * invocation; alarmed on above {@link EnvNames#MAX_QUERY_WAIT}.
     */
    public static final String MAX_QUERY_WAIT_SECONDS = "MaxQueryWaitSeconds";
    /** Queries a fetch invocation did not reach (time budget or rate limit used up before their turn). */
    public static final String UNREACHED_QUERIES = "UnreachedQueries";
    /** Per query ({@link #QUERY_DIMENSION}): post and user objects returned, and their estimated cost. */
    public static final String BILLABLE_POSTS = "BillablePosts";

    public static final String BILLABLE_USERS = "BillableUsers";
    public static final String ESTIMATED_COST_USD = "EstimatedCostUsd";
    public static final String QUERY_DIMENSION = "Query";
    /**
     * The deployment's spend so far in the current UTC day and month according to the spend
     * ledger, at the end of a fetch invocation; alarmed on at 80 % and 100 % of the budgets.
     */
    public static final String SPENT_TODAY_USD = "SpentTodayUsd";

    public static final String SPENT_THIS_MONTH_USD = "SpentThisMonthUsd";
    /** Queries a fetch invocation stopped because a spend budget could not take another request. */
    public static final String BUDGET_EXHAUSTED_QUERIES = "BudgetExhaustedQueries";

    /**
     * Seconds the oldest run manifest not yet converted has waited, measured by the submit
     * function on each tick (docs/submit.md "Conversion lag"); alarmed on above the stack's
     * {@code maxConversionLagMinutes}.
     */
    public static final String CONVERSION_LAG_SECONDS = "ConversionLagSeconds";

    /**
     * Compliance passes the compliance function ended as failed (a job failed or expired, a result
     * unreadable, the apply step failed or never recorded the pass); alarmed on at 1.
     */
    public static final String COMPLIANCE_FAILED_PASSES = "ComplianceFailedPasses";
    /** Compliance passes the compliance function saw applied; alarmed on when none for 48 h. */
    public static final String COMPLIANCE_APPLIED_PASSES = "ComplianceAppliedPasses";

    private MetricNames() {}
}
