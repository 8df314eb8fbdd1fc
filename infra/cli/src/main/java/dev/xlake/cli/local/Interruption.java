package dev.xlake.cli.local;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM during {@code xlake local}: one line saying where the run was and
 * what the next run resumes, then the process stops at once with 128 + the signal's number (130
 * for SIGINT). Stopping at once is safe because the pipeline must survive SIGKILL at any moment
 * anyway: fetches resume from their checkpoints, conversions that did not commit are caught up by
 * the next conversion, and nothing else holds state. Waiting for Spark to wind down would only
 * delay the prompt by seconds and change nothing on disk that matters.
 */
final class Interruption implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interruption() {}

    /**
     * Installs the handlers until {@link #close}.
     *
     * @param where what the run is doing and what the next one resumes, asked when a signal comes
     */
    static Interruption install(PrintWriter out, Supplier<String> where) {
        Interruption interruption = new Interruption();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler handler = caught -> {
                out.println();
                out.println("xlake local: interrupted (SIG" + caught.getName() + ") " + where.get());
                out.flush();
                Runtime.getRuntime().halt(128 + caught.getNumber());
            };
            try {
                interruption.previous.add(Signal.handle(signal, handler));
                interruption.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal here (e.g. run with -Xrs): its default action stays
            }
        }
        return interruption;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
