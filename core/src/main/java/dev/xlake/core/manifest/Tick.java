package dev.xlake.core.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import java.util.List;

/**
 * A tick object ({@code raw/x/ticks/dt=<date>/tick=<tickId>.json}, version 1, docs/s3-layout.md):
 * the run manifests one fetch invocation wrote, all queries together. Its S3 event starts one
 * conversion for all of them, so a tick costs one EMR step however many queries it served.
 *
 * @param tickId follows the run-id rule, so ticks sort by time and carry their date
 * @param manifests bucket-relative keys of the run manifests, in the order they were written
 */
@JsonPropertyOrder({"tick_version", "tick_id", "written_at", "manifests"})
public record Tick(String tickId, String writtenAt, List<String> manifests) {

    public static final int TICK_VERSION = 1;

    public Tick {
        RunIds.check(tickId);
        if (manifests == null || manifests.isEmpty()) {
            throw new IllegalArgumentException("Cannot make tick " + tickId + ": it lists no manifest");
        }
        manifests = List.copyOf(manifests);
        for (String key : manifests) {
            if (RawKeys.parseManifest("any", key).isEmpty()) {
                throw new IllegalArgumentException(
                        "Cannot make tick " + tickId + ": '" + key + "' is not a run manifest key");
            }
        }
    }

    @JsonProperty("tick_version")
    public int tickVersion() {
        return TICK_VERSION;
    }

    public byte[] toJson() {
        return Json.toPrettyBytes(this);
    }

    /** Parses a tick object; throws {@link IllegalArgumentException} naming {@code source} if it is not one. */
    public static Tick read(byte[] bytes, String source) {
        Versioned read;
        try {
            read = Json.read(bytes, Versioned.class, "tick " + source);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (read.tickVersion() != TICK_VERSION) {
            throw new IllegalArgumentException(
                    "Cannot read tick " + source + ": tick_version is " + read.tickVersion() + ", not " + TICK_VERSION);
        }
        if (read.tickId() == null) {
            throw new IllegalArgumentException("Cannot read tick " + source + ": tick_id is missing");
        }
        return new Tick(read.tickId(), read.writtenAt(), read.manifests());
    }

    private record Versioned(int tickVersion, String tickId, String writtenAt, List<String> manifests) {}
}
