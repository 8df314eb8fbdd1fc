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

    private MetricNames() {}
}
