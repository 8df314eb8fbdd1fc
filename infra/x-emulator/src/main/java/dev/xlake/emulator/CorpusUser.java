package dev.xlake.emulator;

import java.time.Instant;
import java.util.List;

/**
 * A generated account. {@code unavailable} accounts (suspended) still author and get mentioned in
 * tweets, but X leaves them out of {@code includes.users} and reports them in {@code errors}.
 */
record CorpusUser(
        long id,
        String username,
        String name,
        String description,
        String location,
        Instant createdAt,
        boolean verified,
        String verifiedType,
        long followersCount,
        long followingCount,
        long tweetCount,
        long listedCount,
        Long likeCount,
        String profileImageUrl,
        UrlInfo url,
        Long pinnedTweetId,
        List<String> withheldCountryCodes,
        boolean unavailable) {}
