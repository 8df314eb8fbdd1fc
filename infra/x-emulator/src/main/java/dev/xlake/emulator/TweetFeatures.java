package dev.xlake.emulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the query operators look at, computed once per generated tweet. All strings lower-case.
 * The entity sets are computed at once (hashtag and cashtag operators are the common queries); the
 * text's tokens and lower-cased text only when a keyword or phrase asks: tokenising every tweet of
 * the 7-day window was about a sixth of the emulator's answering time in a profile of
 * {@code xlake local}, whose queries have no keywords. Safe to share between request threads: the
 * lazy values are immutable, so a race computes them twice at worst.
 */
record TweetFeatures(
        SearchText text,
        Set<String> hashtags,
        Set<String> mentions,
        Set<String> cashtags,
        List<String> expandedUrls,
        String author,
        String inReplyTo,
        boolean hasMedia,
        boolean hasGeo) {

    static TweetFeatures of(CorpusTweet tweet) {
        String searchText = tweet.searchText();
        TextEntities entities = TextEntities.extract(searchText, tweet.urls());
        return new TweetFeatures(
                new SearchText(searchText),
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
        if (spans.isEmpty()) {
            return Set.of();
        }
        Set<String> values = new HashSet<>();
        spans.forEach(s -> values.add(s.value().toLowerCase(Locale.ROOT)));
        return values;
    }

    /** The search text, lower-cased and tokenised the first time a keyword or phrase asks. */
    static final class SearchText {

        private final String text;
        private List<String> tokens;
        private String lower;

        SearchText(String text) {
            this.text = text;
        }

        /** The text's lower-cased words ({@link TweetFeatures#tokenize}). */
        List<String> tokens() {
            List<String> computed = tokens;
            if (computed == null) {
                computed = List.copyOf(tokenize(text));
                tokens = computed;
            }
            return computed;
        }

        String lower() {
            String computed = lower;
            if (computed == null) {
                computed = text.toLowerCase(Locale.ROOT);
                lower = computed;
            }
            return computed;
        }

        /** True when the token sequence appears consecutively in this tweet's tokens. */
        boolean containsSequence(List<String> sequence) {
            if (sequence.isEmpty()) {
                return false;
            }
            List<String> tokens = tokens();
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
}
