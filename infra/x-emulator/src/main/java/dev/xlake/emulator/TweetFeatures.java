package dev.xlake.emulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the query operators look at, computed once per generated tweet. All strings lower-case. */
record TweetFeatures(
        List<String> tokens,
        String lowerText,
        Set<String> hashtags,
        Set<String> mentions,
        Set<String> cashtags,
        List<String> expandedUrls,
        String author,
        String inReplyTo,
        boolean hasMedia,
        boolean hasGeo) {

    static TweetFeatures of(CorpusTweet tweet) {
        String text = tweet.searchText();
        TextEntities entities = TextEntities.extract(text, tweet.urls());
        return new TweetFeatures(
                tokenize(text),
                text.toLowerCase(Locale.ROOT),
                lower(entities.hashtags()),
                lower(entities.mentions()),
                lower(entities.cashtags()),
                entities.urls().stream()
                        .map(u -> u.info().expandedUrl().toLowerCase(Locale.ROOT))
                        .toList(),
                tweet.author().username().toLowerCase(Locale.ROOT),
                tweet.kind() == CorpusTweet.Kind.REPLY
                        ? tweet.referencedAuthor().username().toLowerCase(Locale.ROOT)
                        : null,
                !tweet.media().isEmpty(),
                tweet.placeId() != null);
    }

    /** Lower-cased runs of letters, digits and underscores. */
    static List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < lower.length()) {
            int c = lower.codePointAt(i);
            boolean word = TextEntities.isWordChar(c);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(lower.substring(start, i));
                start = -1;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            tokens.add(lower.substring(start));
        }
        return tokens;
    }

    private static Set<String> lower(List<TextEntities.Span> spans) {
        Set<String> values = new HashSet<>();
        spans.forEach(s -> values.add(s.value().toLowerCase(Locale.ROOT)));
        return values;
    }

    /** True when the token sequence appears consecutively in this tweet's tokens. */
    boolean containsSequence(List<String> sequence) {
        if (sequence.isEmpty()) {
            return false;
        }
        outer:
        for (int i = 0; i + sequence.size() <= tokens.size(); i++) {
            for (int j = 0; j < sequence.size(); j++) {
                if (!tokens.get(i + j).equals(sequence.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
