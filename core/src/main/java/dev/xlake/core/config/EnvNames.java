package dev.xlake.core.config;

/**
 * Names of the environment variables the Lambdas read (fetch, then submit, then the AWS SDK's). Defined once here so that the CDK stack
 * sets exactly the variables the handlers validate (see {@code docs/configuration.md}).
 */
public final class EnvNames {

    /** Bucket holding {@code raw/}, {@code state/} and {@code curated/} (docs/s3-layout.md). */
    public static final String BUCKET = "XLAKE_BUCKET";
    /** JSON array of queries: {@code [{"name":"kpop","query":"#kpop"}]}. */
    public static final String QUERIES = "XLAKE_QUERIES";
    /** Secrets Manager secret id (name or ARN) holding the X bearer token: the AWS way. */
    public static final String X_BEARER_SECRET_ID = "XLAKE_X_BEARER_SECRET_ID";
    /** The X bearer token itself: local runs only. */
    public static final String X_BEARER_TOKEN = "X_BEARER_TOKEN";
    /** A file whose content is the X bearer token: local runs only. */
    public static final String X_BEARER_TOKEN_FILE = "XLAKE_X_BEARER_TOKEN_FILE";
    /** Base URL of the X API, default {@code https://api.x.com}; the emulator's URL locally. */
    public static final String X_API_BASE_URL = "XLAKE_X_API_BASE_URL";
    /** {@code max_results} per request, 10–100, default 100. */
    public static final String PAGE_SIZE = "XLAKE_PAGE_SIZE";
    /** Pages fetched per query per invocation before stopping with {@code max_pages}. */
    public static final String MAX_PAGES = "XLAKE_MAX_PAGES";
    /** Seconds kept free at the end of the Lambda's time for writing the manifest and checkpoint. */
    public static final String SAFETY_MARGIN_SECONDS = "XLAKE_SAFETY_MARGIN_SECONDS";
    /** Timeout of one X API request, in seconds. */
    public static final String HTTP_TIMEOUT_SECONDS = "XLAKE_HTTP_TIMEOUT_SECONDS";
    /** Retries of one X API request after 5xx, timeouts, connection errors or malformed bodies. */
    public static final String MAX_RETRIES = "XLAKE_MAX_RETRIES";
    /**
     * ISO-8601 duration a query may go without being reached before it is logged as overdue; the
     * CDK stack's alarm on {@code MaxQueryWaitSeconds} uses the same value. Must stay well inside
     * X's 7-day window: a query that waits longer loses tweets for good.
     */
    public static final String MAX_QUERY_WAIT = "XLAKE_MAX_QUERY_WAIT";
    /**
     * Deployment-wide spend budgets in US dollars per UTC day and per calendar month (UTC); unset:
     * no limit. No request is started whose worst-case cost could take the period over its budget.
     */
    public static final String DAILY_BUDGET_USD = "XLAKE_DAILY_BUDGET_USD";

    public static final String MONTHLY_BUDGET_USD = "XLAKE_MONTHLY_BUDGET_USD";
    /** The price table: dollars per post read and per user read, and the date the rates were read. */
    public static final String PRICE_POST_READ_USD = "XLAKE_PRICE_POST_READ_USD";

    public static final String PRICE_USER_READ_USD = "XLAKE_PRICE_USER_READ_USD";
    public static final String PRICES_AS_OF = "XLAKE_PRICES_AS_OF";

    /** The EMR cluster the submit Lambda adds convert steps to ({@code j-...}). */
    public static final String EMR_CLUSTER_ID = "XLAKE_EMR_CLUSTER_ID";
    /** The spark-convert jar on S3 ({@code s3://.../spark-convert-<version>.jar}). */
    public static final String CONVERTER_JAR = "XLAKE_CONVERTER_JAR";
    /** Where the converter writes tables; default {@code s3://<bucket>/curated}. */
    public static final String CURATED_URI = "XLAKE_CURATED_URI";
    /** The converter's {@code --quarantine}; default {@code s3://<bucket>/quarantine/convert}. */
    public static final String QUARANTINE_URI = "XLAKE_QUARANTINE_URI";
    /** Whitespace-separated tokens, no quoting, e.g. {@code --conf spark.executor.memory=4g}. */
    public static final String SPARK_SUBMIT_ARGS = "XLAKE_SPARK_SUBMIT_ARGS";
    /**
     * JSON: the configuration of the converter cluster the stack created (release, instance types,
     * roles, security configuration, auto-termination, tags, log URI, classifications). Set only
     * for a created cluster: the submit function then replaces it when it is gone. Unset for a
     * cluster passed by id, which is never replaced (docs/submit.md).
     */
    public static final String EMR_CLUSTER_SPEC = "XLAKE_EMR_CLUSTER_SPEC";
    /** ISO-8601 duration; must exceed the submit Lambda's timeout (see docs/submit.md). */
    public static final String SUBMIT_CLAIM_STALE_AFTER = "XLAKE_SUBMIT_CLAIM_STALE_AFTER";

    /** Compliance function: the submit function (its alias ARN) it invokes to request the apply step. */
    public static final String SUBMIT_FUNCTION = "XLAKE_SUBMIT_FUNCTION";
    /** Compliance function: ISO-8601 duration a compliance job may run before the pass fails (default 24 h). */
    public static final String COMPLIANCE_MAX_JOB_WAIT = "XLAKE_COMPLIANCE_MAX_JOB_WAIT";

    /** Standard AWS SDK variables, honoured for S3-compatible endpoints (path-style when set). */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    public static final String AWS_ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";

    private EnvNames() {}
}
