package dev.xlake.convert;

import java.time.Instant;
import java.util.List;

/** One object of a page's {@code includes.places}: a row of {@code places}. See docs/schema.md. */
public record PlaceRecord(
        String id,
        String fullName,
        String name,
        String country,
        String countryCode,
        String placeType,
        BoundingBox boundingBox,
        List<String> containedWithin,
        Instant fetchedAt,
        String runId,
        String rawObject)
        implements IdKeyedRecord {

    /** {@code geo.bbox}: {@code [west, south, east, north]} in degrees. */
    public record BoundingBox(Double west, Double south, Double east, Double north) {}
}
