package dev.xlake.emulator;

import java.time.Instant;

/**
 * A tweet of the emulator's ground truth, with what a check of the lake needs: its author (whose
 * account may be gone) and its place (which may be scrubbed). See
 * {@link XApiEmulator#groundTruth} and {@link ComplianceSchedule#post(GroundTruthTweet, Instant)}.
 *
 * @param placeId the tweet's {@code geo.place_id}, or null
 */
public record GroundTruthTweet(String id, String authorId, Instant createdAt, String placeId) {

    static GroundTruthTweet of(CorpusTweet tweet) {
        return new GroundTruthTweet(
                Long.toString(tweet.id()), Long.toString(tweet.author().id()), tweet.createdAt(), tweet.placeId());
    }
}
