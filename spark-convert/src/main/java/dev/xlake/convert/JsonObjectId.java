package dev.xlake.convert;

import java.nio.charset.StandardCharsets;

/**
 * Finds an object's {@code id} in its bytes, before the object is parsed: X sends a user's id
 * after its name and description, and a post's id near its end, while whether a copy is worth
 * reading in full depends on the id alone. This is a look ahead, not a parse: it understands just
 * enough JSON (strings with their escapes, nesting) to find the object's own {@code "id"} key, and
 * gives up (null) on anything else. Whatever it finds, Jackson still reads the whole object.
 */
final class JsonObjectId {

    /** The longest id taken: X ids are unsigned 64-bit numbers, at most 20 digits. */
    private static final int MAX_DIGITS = 20;

    private JsonObjectId() {}

    /**
     * The value of the first {@code "id"} key of the object that starts at {@code body[from]} (an
     * opening brace) when it is 1 to 20 ASCII digits, as a string or an integer: Jackson's text of
     * the value. Null if there is no such key at the object's own level before its end or {@code
     * end}, the key or value is written with an escape, or the value is anything else.
     */
    static String peek(byte[] body, int from, int end) {
        if (from < 0 || from >= end || body[from] != '{') {
            return null;
        }
        int depth = 0;
        boolean key = false; // whether the next string at depth 1 is a key
        for (int i = from; i < end; i++) {
            byte b = body[i];
            switch (b) {
                case '{' -> {
                    depth++;
                    key = depth == 1;
                }
                case '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) {
                        return null; // the object ended without an id
                    }
                }
                case ',' -> key = depth == 1;
                case '"' -> {
                    int close = stringEnd(body, i + 1, end);
                    if (close < 0) {
                        return null;
                    }
                    if (depth == 1 && key) {
                        if (close == i + 3 && body[i + 1] == 'i' && body[i + 2] == 'd') {
                            return digits(body, close + 1, end);
                        }
                        key = false;
                    }
                    i = close;
                }
                default -> {
                    // whitespace, colons, numbers, literals: nothing to track
                }
            }
        }
        return null;
    }

    /** The index of the quote that closes the string whose contents start at {@code from}, or -1. */
    private static int stringEnd(byte[] body, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = body[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                i++; // the escaped byte (a quote, or the u of a \\u sequence) is not the end
            }
        }
        return -1;
    }

    /**
     * After the key's closing quote: {@code : "digits"} or {@code : digits} (a JSON integer, whose
     * text Jackson gives as it stands), whitespace allowed around the colon.
     */
    private static String digits(byte[] body, int from, int end) {
        int i = skipWhitespace(body, from, end);
        if (i >= end || body[i] != ':') {
            return null;
        }
        i = skipWhitespace(body, i + 1, end);
        boolean quoted = i < end && body[i] == '"';
        int start = quoted ? i + 1 : i;
        int j = start;
        while (j < end && j - start <= MAX_DIGITS && body[j] >= '0' && body[j] <= '9') {
            j++;
        }
        if (j == start || j - start > MAX_DIGITS || j >= end) {
            return null;
        }
        byte after = body[j];
        boolean ends = quoted
                ? after == '"'
                : after == ',' || after == '}' || after == ' ' || after == '\n' || after == '\r' || after == '\t';
        return ends ? new String(body, start, j - start, StandardCharsets.ISO_8859_1) : null;
    }

    private static int skipWhitespace(byte[] body, int from, int end) {
        int i = from;
        while (i < end && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i;
    }
}
