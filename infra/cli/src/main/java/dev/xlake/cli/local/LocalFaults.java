package dev.xlake.cli.local;

import dev.xlake.emulator.FaultPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * {@code --faults}: the emulator's fault spec ({@link FaultPlan}, e.g. {@code 503x3,429=30s,truncated})
 * plus three faults of the local runtime itself, which stand in for what AWS does to the Lambdas:
 * <ul>
 *   <li>{@code kill-fetch=N}: the first fetch tick dies (as a Lambda that hits its timeout or
 *       crashes) right after storing its N-th page of a query, before its manifest;</li>
 *   <li>{@code dup-events}: every manifest's S3 event is delivered three times, two of them at the
 *       same moment (S3 delivers at least once; Lambda retries async invocations);</li>
 *   <li>{@code fail-convert=N}: the conversion of tick N dies before it commits anything, as a
 *       failed EMR step; its runs stay claimed, and the next conversion's catch-up converts them.</li>
 * </ul>
 */
public record LocalFaults(
        String emulatorSpec, OptionalInt killFetchAfterPages, boolean duplicateEvents, OptionalInt failConvertOnTick) {

    static final String KILL_FETCH = "kill-fetch";
    static final String DUP_EVENTS = "dup-events";
    static final String FAIL_CONVERT = "fail-convert";

    public static LocalFaults none() {
        return new LocalFaults("", OptionalInt.empty(), false, OptionalInt.empty());
    }

    /** @throws IllegalArgumentException naming the bad item */
    public static LocalFaults parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        List<String> emulatorItems = new ArrayList<>();
        OptionalInt kill = OptionalInt.empty();
        OptionalInt failConvert = OptionalInt.empty();
        boolean duplicates = false;
        for (String raw : spec.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.equals(DUP_EVENTS)) {
                duplicates = true;
            } else if (item.startsWith(KILL_FETCH)) {
                kill = OptionalInt.of(positive(item, KILL_FETCH));
            } else if (item.startsWith(FAIL_CONVERT)) {
                failConvert = OptionalInt.of(positive(item, FAIL_CONVERT));
            } else if (!item.isEmpty()) {
                emulatorItems.add(item);
            }
        }
        String emulatorSpec = String.join(",", emulatorItems);
        FaultPlan.parse(emulatorSpec); // fail now, with the emulator's message, not after start-up
        return new LocalFaults(emulatorSpec, kill, duplicates, failConvert);
    }

    private static int positive(String item, String name) {
        String prefix = name + "=";
        try {
            int pages = Integer.parseInt(item.substring(prefix.length()));
            if (item.startsWith(prefix) && pages >= 1) {
                return pages;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("Cannot parse fault '" + item + "': expected " + prefix + "N with N >= 1");
    }

    public FaultPlan emulatorPlan() {
        return FaultPlan.parse(emulatorSpec);
    }

    public boolean any() {
        return !emulatorSpec.isEmpty()
                || killFetchAfterPages.isPresent()
                || duplicateEvents
                || failConvertOnTick.isPresent();
    }

    String describe() {
        List<String> items = new ArrayList<>();
        if (!emulatorSpec.isEmpty()) {
            items.add(emulatorSpec);
        }
        killFetchAfterPages.ifPresent(n -> items.add(KILL_FETCH + "=" + n));
        if (duplicateEvents) {
            items.add(DUP_EVENTS);
        }
        failConvertOnTick.ifPresent(n -> items.add(FAIL_CONVERT + "=" + n));
        return String.join(",", items);
    }
}
