package dev.xlake.convert;

import java.util.List;

/** Everything one raw page turns into. */
public record FlattenedPage(List<TweetRecord> tweets, List<UserRecord> users, List<QuarantineRecord> quarantined) {

    static FlattenedPage quarantinedPage(QuarantineRecord record) {
        return new FlattenedPage(List.of(), List.of(), List.of(record));
    }
}
