package dev.xlake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** The CLI as a test runs it: what it prints captured, one of its commands reachable to replace its environment. */
final class CapturedCli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CommandLine cli = XlakeCli.commandLine();

    CapturedCli() {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
    }

    /** The object behind a sub-command, e.g. {@code FetchCommand} for {@code "fetch"}. */
    <T> T command(String name) {
        return cli.getSubcommands().get(name).getCommand();
    }

    int execute(String... args) {
        return cli.execute(args);
    }

    int execute(List<String> args) {
        return execute(args.toArray(String[]::new));
    }
}
