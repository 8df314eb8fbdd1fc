package dev.xlake.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A standalone server command ({@code xlake s3}, {@code xlake x-emulator}): starts its server on
 * {@code --port}, prints how to reach it, then stays in the foreground until the process is killed.
 */
abstract class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PortOption port;

    final Foreground foreground = new Foreground();

    /** Picocli shows {@code defaultPort} as the default of {@code --port}. */
    ServerCommand(int defaultPort) {
        this.port = new PortOption(defaultPort);
    }

    /** Starts the server on {@code port.port} and prints how clients reach it. */
    abstract AutoCloseable start(PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AutoCloseable server = start(out);
        out.println("Ctrl-C to stop.");
        out.flush();
        foreground.runUntilStopped(server);
        return 0;
    }
}
