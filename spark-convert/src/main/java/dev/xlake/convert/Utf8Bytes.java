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
            // most of a page's strings are ASCII: eight bytes at a time until something needs a look
            if (i + Long.BYTES <= limit && plainAscii((long) LONGS.get(bytes, i))) {
                i += Long.BYTES;
                continue;
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
     * Whether eight bytes are ASCII with no quote, backslash or control character. Each test
     * subtracts per byte; a borrow can only flag a byte above one that is flagged already, so the
     * answer is exact for a word that passes, and a word that fails is looked at byte by byte.
     */
    private static boolean plainAscii(long word) {
        long quote = word ^ QUOTES;
        long backslash = word ^ BACKSLASHES;
        long flagged = word | (quote - ONES) | (backslash - ONES) | (word - SPACES);
        return (flagged & HIGH_BITS) == 0;
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
