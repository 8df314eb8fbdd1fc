package dev.xlake.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults the emulator injects into its next responses, so clients can be tested against the
 * failures X really produces. Thread-safe and mutable: a test may hold on to the plan and queue
 * more faults while the emulator runs.
 *
 * <p>Faults form a queue: each authenticated search request takes the fault at the head (if any),
 * and a fault with a count of N applies to N consecutive requests. When the queue is empty, the
 * optional random mode injects a fault with a fixed probability, drawn from a seeded generator
 * (the same request sequence gets the same faults).
 *
 * <h2>Spec syntax</h2>
 * A comma-separated list of {@code name[=argument][xN]}; {@code xN} repeats the fault for N requests
 * ({@code x*} forever). Durations are {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}).
 * <table>
 *   <caption>Faults</caption>
 *   <tr><td>{@code 503}, {@code 500}, {@code 502}, {@code 504}</td><td>that status with X's problem JSON</td></tr>
 *   <tr><td>{@code 429[=30s]}</td><td>429 Too Many Requests, {@code x-rate-limit-remaining: 0} and a reset that
 *       far after the emulator clock (default 60s)</td></tr>
 *   <tr><td>{@code 402}</td><td>402 {@code CreditsDepleted}, as X answers when the account's credits or spending
 *       limit ran out ({@code 402x*}: until the plan is cleared)</td></tr>
 *   <tr><td>{@code truncated}</td><td>200 with a complete HTTP message whose JSON body is cut in half</td></tr>
 *   <tr><td>{@code disconnect}</td><td>200 announcing the full length, then the connection drops half way</td></tr>
 *   <tr><td>{@code malformed}</td><td>200 with a full-length body that is not valid JSON</td></tr>
 *   <tr><td>{@code slow=2s}</td><td>the normal response, after that delay (real time, for client timeouts)</td></tr>
 *   <tr><td>{@code badtoken}</td><td>the next request carrying a {@code next_token} gets X's 400 for an invalid
 *       token (requests without a token pass and do not consume it)</td></tr>
 *   <tr><td>{@code random=0.1[/seed]}</td><td>random mode: each request without a queued fault fails with
 *       probability 0.1, with one of 503, 500, 429 (reset 5s), truncated, malformed, disconnect</td></tr>
 * </table>
 * Example: {@code 503x3,429=30s,truncated,malformed,slow=2s} makes the next three requests fail
 * with 503, then one 429, one truncated body, one malformed body and one slow response.
 */
public final class FaultPlan {

    /** What goes wrong with one response. */
    public enum Kind {
        SERVER_ERROR,
        RATE_LIMITED,
        TRUNCATED,
        DISCONNECT,
        MALFORMED,
        SLOW,
        BAD_TOKEN,
        CREDITS_DEPLETED
    }

    /**
     * One fault: {@code status} for {@link Kind#SERVER_ERROR}; {@code duration} is the delay of
     * {@link Kind#SLOW} or the time until reset of {@link Kind#RATE_LIMITED}.
     */
    public record Fault(Kind kind, int status, Duration duration) {

        public static Fault serverError(int status) {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("Cannot inject server error " + status + ": must be 5xx");
            }
            return new Fault(Kind.SERVER_ERROR, status, Duration.ZERO);
        }

        public static Fault rateLimited(Duration resetAfter) {
            return new Fault(Kind.RATE_LIMITED, 429, resetAfter);
        }

        public static Fault slow(Duration delay) {
            return new Fault(Kind.SLOW, 200, delay);
        }

        public static Fault of(Kind kind) {
            int status = kind == Kind.BAD_TOKEN ? 400 : kind == Kind.CREDITS_DEPLETED ? 402 : 200;
            return new Fault(kind, status, Duration.ZERO);
        }
    }

    private static final Duration DEFAULT_RATE_LIMIT_RESET = Duration.ofSeconds(60);
    private static final Pattern ITEM = Pattern.compile("([a-z]+|[0-9]+)(?:=([^x*]+?))?(?:x(\\d+|\\*))?");
    private static final int FOREVER = -1;

    private static final class Step {
        final Fault fault;
        int remaining;

        Step(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Deque<Step> queue = new ArrayDeque<>();
    private double randomProbability;
    private SplittableRandom random;

    private FaultPlan() {}

    public static FaultPlan none() {
        return new FaultPlan();
    }

    /** Parses the spec syntax described above; blank or {@code none} means no faults. */
    public static FaultPlan parse(String spec) {
        FaultPlan plan = new FaultPlan();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return plan;
        }
        for (String rawItem : spec.split(",")) {
            String item = rawItem.trim().toLowerCase(Locale.ROOT);
            Matcher matcher = ITEM.matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Cannot parse fault '" + rawItem.trim() + "' in '" + spec
                        + "': expected name[=argument][xN], e.g. 503x3, 429=30s, slow=2s, random=0.1");
            }
            String name = matcher.group(1);
            String argument = matcher.group(2);
            int count = matcher.group(3) == null
                    ? 1
                    : matcher.group(3).equals("*") ? FOREVER : Integer.parseInt(matcher.group(3));
            if (name.equals("random")) {
                plan.parseRandom(spec, argument);
                continue;
            }
            plan.add(parseFault(spec, name, argument), count);
        }
        return plan;
    }

    private static Fault parseFault(String spec, String name, String argument) {
        return switch (name) {
            case "429" ->
                Fault.rateLimited(argument == null ? DEFAULT_RATE_LIMIT_RESET : parseDuration(spec, argument));
            case "truncated" -> Fault.of(Kind.TRUNCATED);
            case "disconnect" -> Fault.of(Kind.DISCONNECT);
            case "malformed" -> Fault.of(Kind.MALFORMED);
            case "badtoken" -> Fault.of(Kind.BAD_TOKEN);
            case "402" -> Fault.of(Kind.CREDITS_DEPLETED);
            case "slow" -> {
                if (argument == null) {
                    throw new IllegalArgumentException(
                            "Cannot parse fault 'slow' in '" + spec + "': needs a delay, e.g. slow=2s");
                }
                yield Fault.slow(parseDuration(spec, argument));
            }
            default -> {
                if (name.matches("5[0-9][0-9]")) {
                    yield Fault.serverError(Integer.parseInt(name));
                }
                throw new IllegalArgumentException(
                        "Cannot parse fault '" + name + "' in '" + spec
                                + "': unknown fault; known: 5xx, 429, 402, truncated, disconnect, malformed, slow, badtoken, random");
            }
        };
    }

    private void parseRandom(String spec, String argument) {
        if (argument == null) {
            throw new IllegalArgumentException(
                    "Cannot parse fault 'random' in '" + spec + "': needs a probability, e.g. random=0.1");
        }
        String[] parts = argument.split("/", 2);
        try {
            random(Double.parseDouble(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Cannot parse fault 'random=" + argument + "' in '" + spec
                            + "': expected random=PROBABILITY[/SEED]",
                    e);
        }
    }

    static Duration parseDuration(String spec, String text) {
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException(text);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "Cannot parse duration '" + text + "' in '" + spec + "': use 500ms, 2s, 1m or PT2S", e);
        }
    }

    // ---------------------------------------------------------------- programmatic

    /** Queues {@code fault} for the next {@code count} requests (after those already queued). */
    public synchronized FaultPlan add(Fault fault, int count) {
        if (count == 0 || count < FOREVER) {
            throw new IllegalArgumentException("Cannot queue a fault " + count + " times: must be positive");
        }
        queue.addLast(new Step(fault, count));
        return this;
    }

    public FaultPlan serverErrors(int status, int count) {
        return add(Fault.serverError(status), count);
    }

    public FaultPlan unavailable(int count) {
        return serverErrors(503, count);
    }

    public FaultPlan rateLimited(int count, Duration resetAfter) {
        return add(Fault.rateLimited(resetAfter), count);
    }

    public FaultPlan truncated(int count) {
        return add(Fault.of(Kind.TRUNCATED), count);
    }

    public FaultPlan disconnect(int count) {
        return add(Fault.of(Kind.DISCONNECT), count);
    }

    public FaultPlan malformed(int count) {
        return add(Fault.of(Kind.MALFORMED), count);
    }

    public FaultPlan slow(Duration delay, int count) {
        return add(Fault.slow(delay), count);
    }

    public FaultPlan rejectNextToken() {
        return add(Fault.of(Kind.BAD_TOKEN), 1);
    }

    /** Random mode: each request with no queued fault fails with this probability. 0 turns it off. */
    public synchronized FaultPlan random(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("Cannot use fault probability " + probability + ": must be in [0, 1]");
        }
        this.randomProbability = probability;
        this.random = new SplittableRandom(seed);
        return this;
    }

    public synchronized void clear() {
        queue.clear();
        randomProbability = 0;
    }

    /** Queued fault applications left (a forever fault counts as one). */
    public synchronized int pending() {
        return queue.stream()
                .mapToInt(s -> s.remaining == FOREVER ? 1 : s.remaining)
                .sum();
    }

    /** Takes the fault for the next request, if any. */
    synchronized Optional<Fault> next(boolean requestHasNextToken) {
        Step head = queue.peekFirst();
        if (head != null) {
            if (head.fault.kind() == Kind.BAD_TOKEN && !requestHasNextToken) {
                return Optional.empty();
            }
            if (head.remaining != FOREVER && --head.remaining == 0) {
                queue.removeFirst();
            }
            return Optional.of(head.fault);
        }
        if (randomProbability > 0 && random.nextDouble() < randomProbability) {
            List<Fault> choices = List.of(
                    Fault.serverError(503),
                    Fault.serverError(500),
                    Fault.rateLimited(Duration.ofSeconds(5)),
                    Fault.of(Kind.TRUNCATED),
                    Fault.of(Kind.MALFORMED),
                    Fault.of(Kind.DISCONNECT));
            return Optional.of(choices.get(random.nextInt(choices.size())));
        }
        return Optional.empty();
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder("FaultPlan[");
        queue.forEach(s -> out.append(s.fault.kind())
                .append(s.fault.kind() == Kind.SERVER_ERROR ? "(" + s.fault.status() + ")" : "")
                .append('x')
                .append(s.remaining == FOREVER ? "*" : s.remaining)
                .append(' '));
        if (randomProbability > 0) {
            out.append("random=").append(randomProbability);
        }
        return out.toString().trim() + "]";
    }
}
