package dev.xlake.cli;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps a standalone server in the foreground until the process is killed (Ctrl-C, SIGTERM), then
 * closes it. Tests complete {@link #stopSignal()} instead of killing their own JVM.
 */
final class Foreground {

    private final CompletableFuture<Void> stop = new CompletableFuture<>();

    CompletableFuture<Void> stopSignal() {
        return stop;
    }

    void runUntilStopped(AutoCloseable server) throws Exception {
        Thread hook = new Thread(() -> stop.complete(null), "xlake-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (server) {
            stop.join();
        } finally {
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting because of this very hook: nothing to undo.
        }
    }
}
