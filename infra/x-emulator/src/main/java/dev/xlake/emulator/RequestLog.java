package dev.xlake.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the emulator was asked: a count of every request received, and the most recent answered
 * ones (at most {@value #MAX_RECORDED}, so a long-running emulator does not grow without bound).
 */
final class RequestLog {

    static final int MAX_RECORDED = 10_000;

    private final AtomicInteger received = new AtomicInteger();
    private final Deque<RecordedRequest> recent = new ArrayDeque<>();

    /** Counts a request on arrival, whatever becomes of it. */
    void received() {
        received.incrementAndGet();
    }

    int receivedCount() {
        return received.get();
    }

    /** Keeps an answered request, dropping the oldest beyond {@value #MAX_RECORDED}. */
    synchronized void answered(RecordedRequest request) {
        if (recent.size() == MAX_RECORDED) {
            recent.removeFirst();
        }
        recent.addLast(request);
    }

    /** The kept requests, oldest first. */
    synchronized List<RecordedRequest> recent() {
        return List.copyOf(recent);
    }
}
