package dev.xlake.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code xlake} command line: the whole pipeline on one machine ({@code local}), its single
 * steps ({@code fetch}, {@code convert}), the full-archive backfill and its cost ({@code backfill},
 * {@code estimate}), X's batch compliance ({@code compliance}), the lake's upkeep and queries
 * ({@code maintain}, {@code sql}) and the two local servers ({@code s3}, {@code x-emulator}).
 *
 * <p>Errors are one line on stderr: bad arguments exit with 2, failures while running with 1.
 * The full stack trace goes to the log at DEBUG ({@code XLAKE_LOG_LEVEL=debug}).
 */
@Command(
        name = "xlake",
        mixinStandardHelpOptions = true,
        versionProvider = XlakeCli.Version.class,
        description = "X API v2 recent search -> raw pages in S3 -> Iceberg tables.",
        subcommands = {
            LocalCommand.class,
            FetchCommand.class,
            BackfillCommand.class,
            EstimateCommand.class,
            ConvertCommand.class,
            SqlCommand.class,
            MaintainCommand.class,
            ComplianceCommand.class,
            S3Command.class,
            XEmulatorCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class XlakeCli implements Runnable {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line; tests call {@code execute} on it with their own writers. Every
     * duration option takes {@code 15m}-style values ({@link DurationConverter}) and every URI
     * option is an http(s) URL ({@link S3EndpointOption.HttpUrlConverter}).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new XlakeCli())
                .registerConverter(Duration.class, new DurationConverter())
                .registerConverter(URI.class, new S3EndpointOption.HttpUrlConverter())
                .setParameterExceptionHandler(new OneLineUsageError())
                .setExecutionExceptionHandler(new OneLineFailure())
                .setExecutionStrategy(XlakeCli::executeUnlessUnmatched);
    }

    /**
     * Picocli lets a help or version option win over arguments it could not match, so
     * {@code xlake estimate --help} printed the top-level help and exited 0; an unknown command is a
     * usage error whatever follows it.
     */
    private static int executeUnlessUnmatched(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    @Override
    public void run() {
        // `xlake` alone: the list of commands is the most useful answer.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints {@code xlake fetch: <problem> (see 'xlake fetch --help')} instead of the whole usage. */
    static final class OneLineUsageError implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine command = ex.getCommandLine();
            String name = command.getCommandSpec().qualifiedName();
            PrintWriter err = command.getErr();
            err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            err.flush();
            return EXIT_USAGE;
        }
    }

    /** A failure while running: its message chain on one line, the stack trace only in the debug log. */
    static final class OneLineFailure implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
            if (ex instanceof ParameterException usageError) {
                // Option combinations checked after parsing (Usage) are usage errors too.
                return new OneLineUsageError()
                        .handleParseException(
                                usageError, parseResult.originalArgs().toArray(String[]::new));
            }
            Logging.debugFailure(command.getCommandSpec().qualifiedName(), ex);
            PrintWriter err = command.getErr();
            err.println(command.getCommandSpec().qualifiedName() + ": " + messageChain(ex));
            err.flush();
            return EXIT_FAILURE;
        }

        static String messageChain(Throwable failure) {
            StringBuilder line = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                if (line.indexOf(message) >= 0) {
                    continue; // wrapped exceptions often repeat their cause's message
                }
                if (line.length() > 0) {
                    line.append(": ");
                }
                line.append(message);
            }
            return line.toString().replace('\n', ' ');
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = XlakeCli.class.getPackage().getImplementationVersion();
            return new String[] {"xlake " + (version == null ? "(development build)" : version)};
        }
    }
}
