package dev.xlake.convert;

/** Checks on UTF-8 bytes as they stand in a page. */
final class Utf8Bytes {

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
