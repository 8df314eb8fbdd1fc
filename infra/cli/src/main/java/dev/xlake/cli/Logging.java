package dev.xlake.cli;

import org.slf4j.LoggerFactory;

/**
 * Quiet logs for a command-line tool: Spark, Hadoop, Jetty and S3Proxy log a lot at INFO, and the
 * commands print their own progress. {@code XLAKE_LOG_LEVEL} (e.g. {@code info}, {@code debug})
 * raises xlake's own level; an explicit {@code -Dlog4j2.configurationFile} wins over all this.
 */
final class Logging {

    static final String CONFIG_RESOURCE = "xlake-cli-log4j2.xml";
    static final String LEVEL_PROPERTY = "xlake.log.level";
    /** Spark's logs of failed tasks: off unless XLAKE_LOG_LEVEL is set (the error line has their cause). */
    static final String TASK_LEVEL_PROPERTY = "xlake.task.log.level";

    private Logging() {}

    /** Must run before the first logger is created. */
    static void configure() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", CONFIG_RESOURCE);
        }
        String level = System.getenv("XLAKE_LOG_LEVEL");
        if (level != null && !level.isBlank() && System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, level.trim());
            if (System.getProperty(TASK_LEVEL_PROPERTY) == null) {
                System.setProperty(TASK_LEVEL_PROPERTY, "error");
            }
        }
    }

    static void debugFailure(String command, Exception failure) {
        LoggerFactory.getLogger(XlakeCli.class).debug("{} failed", command, failure);
    }
}
