package dev.xlake.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashtags, mentions, cashtags and t.co links found in a text, with X's indices: zero-based
 * Unicode code point offsets, start inclusive, end exclusive.
 */
record TextEntities(List<Span> hashtags, List<Span> mentions, List<Span> cashtags, List<UrlSpan> urls) {

    record Span(int start, int end, String value) {
    }

    record UrlSpan(int start, int end, UrlInfo info) {
    }

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])");
    private static final Pattern CASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_])\\$([A-Za-z]{1,6})(?![A-Za-z0-9_])");
    private static final Pattern URL = Pattern.compile("https://t\\.co/[A-Za-z0-9]{10}");

    static TextEntities extract(String text, Map<String, UrlInfo> knownUrls) {
        List<Span> hashtags = spans(text, HASHTAG);
        List<Span> mentions = spans(text, MENTION);
        List<Span> cashtags = spans(text, CASHTAG);
        List<UrlSpan> urls = new ArrayList<>();
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            UrlInfo info = knownUrls.get(matcher.group());
            if (info != null) {
                urls.add(new UrlSpan(codePoints(text, matcher.start()), codePoints(text, matcher.end()), info));
            }
        }
        return new TextEntities(hashtags, mentions, cashtags, urls);
    }

    boolean isEmpty() {
        return hashtags.isEmpty() && mentions.isEmpty() && cashtags.isEmpty() && urls.isEmpty();
    }

    private static List<Span> spans(String text, Pattern pattern) {
        List<Span> spans = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            spans.add(new Span(codePoints(text, matcher.start()), codePoints(text, matcher.end()), matcher.group(1)));
        }
        return spans;
    }

    private static int codePoints(String text, int charIndex) {
        return text.codePointCount(0, charIndex);
    }
}
