package dev.xlake.cli;

import dev.xlake.core.net.Ports;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --port P}, the same on every server command. Each command passes its own default, which
 * picocli takes from the field's initial value (help shows it as the default).
 */
final class PortOption {

    private static final String HELP = "Port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.";

    @Option(names = "--port", paramLabel = "P", converter = PortConverter.class, description = HELP)
    int port;

    PortOption(int defaultPort) {
        this.port = defaultPort;
    }

    /** A TCP port, 0 meaning "any free port". */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Ports.check(Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port number");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
