package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StepMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badConvertArgumentsExitTwoWithTheParsersMessageAndStartNoSpark() {
        int code = execute(ConvertOptions::parse, "--output", "s3://b/curated");

        assertThat(code).isEqualTo(2);
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).startsWith("Cannot ").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void badMaintainArgumentsExitTwoWithTheParsersMessage() {
        int code = execute(MaintainOptions::parse, "--output", "s3://b/curated");

        assertThat(code).isEqualTo(2);
        assertThat(text(err))
                .startsWith("Cannot maintain: --catalog is required; ")
                .hasLineCount(1);
    }

    private int execute(Function<String[], ?> parse, String... args) {
        return StepMain.execute(
                "test",
                args,
                parse,
                (spark, options) -> {
                    throw new AssertionError("Spark must not start on bad arguments");
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }
}
