package dev.xlake.convert;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Checks on UTF-8 bytes as they stand in a page. */
final class Utf8Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private Utf8Bytes() {}

    /**
     * Where the JSON string whose contents start at {@code from} ends (the index of its closing
     * quote), if its bytes up to there are its text as-is: no escape, no control character, and
     * well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF, as the Unicode standard's
     * table 3-7 defines them). -1 otherwise, or if no quote comes before {@code limit}.
     */
    static int plainStringEnd(byte[] bytes, int from, int limit) {
        int i = from;
        while (i < limit) {
            // most of a page's strings are short and ASCII: eight bytes at a time, and straight to
            // the first byte that needs a look (the closing quote, most often) without a byte loop
            if (i + Long.BYTES <= limit) {
                long special = specialBytes((long) LONGS.get(bytes, i));
                if (special == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3;
            }
            int c = bytes[i] & 0xff;
            if (c < 0x80) {
                if (c == '"') {
                    return i;
                }
                if (c == '\\' || c < 0x20) {
                    return -1;
                }
                i++;
                continue;
            }
            int size = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (size == 0 || i + size > limit || !secondByteFits(c, bytes[i + 1] & 0xff)) {
                return -1;
            }
            for (int k = 2; k < size; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return -1;
                }
            }
            i += size;
        }
        return -1;
    }

    /**
     * The high bit of each of eight bytes (little-endian) that is not ASCII, or is a quote, a
     * backslash or a control character; zero if there is none. Each test subtracts per byte, and a
     * borrow can only flag a byte above one that is flagged already: the lowest flagged byte is
     * always the first that needs a look.
     */
    private static long specialBytes(long word) {
        long quote = word ^ QUOTES;
        long backslash = word ^ BACKSLASHES;
        return (word | (quote - ONES) | (backslash - ONES) | (word - SPACES)) & HIGH_BITS;
    }

    /** The second byte's range after a lead byte, which rules out overlong forms, surrogates and code points beyond U+10FFFF. */
    private static boolean secondByteFits(int lead, int second) {
        return switch (lead) {
            case 0xE0 -> second >= 0xA0 && second <= 0xBF;
            case 0xED -> second >= 0x80 && second <= 0x9F;
            case 0xF0 -> second >= 0x90 && second <= 0xBF;
            case 0xF4 -> second >= 0x80 && second <= 0x8F;
            default -> (second & 0xC0) == 0x80;
        };
    }
}
