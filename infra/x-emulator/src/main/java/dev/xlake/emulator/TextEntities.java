package dev.xlake.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hashtags, mentions, cashtags and t.co links found in a text, with X's indices: zero-based
 * Unicode code point offsets, start inclusive, end exclusive.
 *
 * <p>A hand-written scanner rather than regular expressions: entity extraction runs for every
 * tweet a query is matched against, and the regex version was the emulator's hot spot.
 * Rules: {@code #tag} = letters, digits, underscores with at least one letter; {@code @name} =
 * 1-15 ASCII letters, digits, underscores; {@code $TAG} = 1-6 ASCII letters; each must not follow a
 * letter, digit or underscore, and mentions/cashtags must not run on into one.
 */
record TextEntities(List<Span> hashtags, List<Span> mentions, List<Span> cashtags, List<UrlSpan> urls) {

    record Span(int start, int end, String value) {}

    record UrlSpan(int start, int end, UrlInfo info) {}

    private static final String TCO = "https://t.co/";
    private static final int TCO_LENGTH = TCO.length() + 10;

    static TextEntities extract(String text, Map<String, UrlInfo> knownUrls) {
        List<Span> hashtags = new ArrayList<>();
        List<Span> mentions = new ArrayList<>();
        List<Span> cashtags = new ArrayList<>();
        List<UrlSpan> urls = new ArrayList<>();
        int codePointIndex = 0;
        int previous = ' ';
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            boolean boundary = !isWordChar(previous);
            if (c == '#' && boundary && previous != '&') {
                int end = i + 1;
                boolean letter = false;
                while (end < text.length()) {
                    int d = text.codePointAt(end);
                    if (!isWordChar(d)) {
                        break;
                    }
                    letter |= Character.isLetter(d);
                    end += Character.charCount(d);
                }
                if (letter) {
                    int length = text.codePointCount(i, end);
                    hashtags.add(new Span(codePointIndex, codePointIndex + length, text.substring(i + 1, end)));
                    codePointIndex += length;
                    previous = text.codePointBefore(end);
                    i = end;
                    continue;
                }
            } else if ((c == '@' || c == '$') && boundary) {
                int end = i + 1;
                while (end < text.length()
                        && (c == '@' ? isHandleChar(text.charAt(end)) : isAsciiLetter(text.charAt(end)))) {
                    end++;
                }
                int length = end - i - 1;
                boolean runsOn = end < text.length() && isHandleChar(text.charAt(end));
                if (length >= 1 && length <= (c == '@' ? 15 : 6) && !runsOn) {
                    (c == '@' ? mentions : cashtags)
                            .add(new Span(codePointIndex, codePointIndex + length + 1, text.substring(i + 1, end)));
                    codePointIndex += length + 1;
                    previous = text.charAt(end - 1);
                    i = end;
                    continue;
                }
            } else if (c == 'h' && text.startsWith(TCO, i) && i + TCO_LENGTH <= text.length()) {
                UrlInfo info = knownUrls.get(text.substring(i, i + TCO_LENGTH));
                if (info != null) {
                    urls.add(new UrlSpan(codePointIndex, codePointIndex + TCO_LENGTH, info));
                    codePointIndex += TCO_LENGTH;
                    previous = text.charAt(i + TCO_LENGTH - 1);
                    i += TCO_LENGTH;
                    continue;
                }
            }
            codePointIndex++;
            previous = c;
            i += width;
        }
        return new TextEntities(hashtags, mentions, cashtags, urls);
    }

    boolean isEmpty() {
        return hashtags.isEmpty() && mentions.isEmpty() && cashtags.isEmpty() && urls.isEmpty();
    }

    static boolean isWordChar(int codePoint) {
        return codePoint == '_' || Character.isLetterOrDigit(codePoint);
    }

    private static boolean isHandleChar(char c) {
        return c == '_' || isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
