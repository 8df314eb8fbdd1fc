package dev.xlake.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the emulator needs to continue a data directory where the previous {@code xlake local}
 * stopped: its seed and its clock. Without it a second run would restart the clock, and the
 * fetcher's checkpoints (ids are timestamps) would lie in the emulator's future.
 *
 * @param firstFetchAt the emulator time of the first fetch ever made into this directory: the
 *        7-day window before it is where the ground truth starts
 */
record EmulatorState(long seed, Instant clock, Instant firstFetchAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Optional<EmulatorState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return Optional.of(new EmulatorState(
                    root.required("seed").asLong(),
                    Instant.parse(root.required("clock").asText()),
                    Instant.parse(root.required("first_fetch_at").asText())));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException(
                    "Cannot read emulator state " + file + " (delete it to start the clock afresh): " + e.getMessage(),
                    e);
        }
    }

    /** Written to a temporary file and moved, so a killed run leaves the old state or the new one. */
    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ObjectNode root = JSON.createObjectNode()
                    .put("seed", seed)
                    .put("clock", clock.toString())
                    .put("first_fetch_at", firstFetchAt.toString());
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write emulator state " + file + ": " + e.getMessage(), e);
        }
    }

    EmulatorState withClock(Instant now) {
        return new EmulatorState(seed, now, firstFetchAt);
    }
}
