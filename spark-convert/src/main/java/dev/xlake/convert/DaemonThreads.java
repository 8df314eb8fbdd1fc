package dev.xlake.convert;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The driver's own worker threads (commits, proofs, read-ahead, small delete files, maintenance):
 * daemons, so a conversion that fails or returns early never keeps the JVM (a CLI run, an EMR
 * step's driver) alive on a thread it left behind.
 */
final class DaemonThreads {

    private DaemonThreads() {}

    /** A pool of {@code count} (at least one) daemon threads named {@code name}. */
    static ExecutorService pool(int count, String name) {
        return Executors.newFixedThreadPool(Math.max(1, count), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
