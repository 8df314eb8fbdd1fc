package dev.xlake.core.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Run ids: {@code yyyyMMdd'T'HHmmss'Z'-<6 lowercase hex>} (docs/s3-layout.md), so they sort by
 * start time and carry the {@code dt=} date of their raw pages.
 */
public final class RunIds {

    /** The rule as a regular expression, also usable inside larger patterns. */
    public static final String REGEX = "\\d{8}T\\d{6}Z-[0-9a-f]{6}";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RUN_ID = Pattern.compile(REGEX);

    private RunIds() {}

    /** Factory of run ids; injected so tests pin them. */
    @FunctionalInterface
    public interface Factory {
        String newRunId(Instant startedAt);
    }

    public static Factory random(RandomGenerator random) {
        return startedAt -> format(startedAt, random.nextInt(1 << 24));
    }

    public static String format(Instant startedAt, int suffix) {
        byte[] b = {(byte) (suffix >> 16), (byte) (suffix >> 8), (byte) suffix};
        return STAMP.format(startedAt) + "-" + HexFormat.of().formatHex(b);
    }

    public static boolean isValid(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    public static void check(String runId) {
        if (!isValid(runId)) {
            throw new IllegalArgumentException("Cannot use run id '" + runId + "': expected yyyyMMddTHHmmssZ-xxxxxx");
        }
    }

    public static Instant startOf(String runId) {
        check(runId);
        return LocalDateTime.parse(runId.substring(0, 16), STAMP.withZone(null)).toInstant(ZoneOffset.UTC);
    }

    public static LocalDate dateOf(String runId) {
        return LocalDate.ofInstant(startOf(runId), ZoneOffset.UTC);
    }
}
