package dev.xlake.emulator;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Opaque {@code next_token} values. A token carries the id below which the next page starts and a
 * fingerprint of the query and time bounds it was issued for, so reusing it with another query is
 * rejected the way X rejects foreign tokens. It is obfuscated with the seed and printed in base 36,
 * which makes it look like X's (lower-case letters and digits) without being guessable.
 */
final class PageToken {

    private static final int LENGTH = 15;
    private static final byte MARKER = 1;
    private static final byte VERSION = 1;

    private PageToken() {}

    static String encode(long seed, long cursorId, int fingerprint) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(MARKER).put(VERSION).putLong(cursorId).putInt(fingerprint).put(checksum(cursorId, fingerprint));
        byte[] bytes = buffer.array();
        scramble(seed, bytes);
        return new BigInteger(1, bytes).toString(36);
    }

    /** The cursor id, if the token is well-formed and was issued for {@code fingerprint}. */
    static Optional<Long> decode(long seed, String token, int fingerprint) {
        if (token == null || token.isEmpty() || token.length() > 40 || !token.matches("[0-9a-z]+")) {
            return Optional.empty();
        }
        byte[] raw = new BigInteger(token, 36).toByteArray();
        if (raw.length > LENGTH + 1 || raw.length < LENGTH) {
            return Optional.empty();
        }
        byte[] bytes = new byte[LENGTH];
        System.arraycopy(raw, raw.length - LENGTH, bytes, 0, LENGTH);
        scramble(seed, bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() != MARKER || buffer.get() != VERSION) {
            return Optional.empty();
        }
        long cursor = buffer.getLong();
        int tokenFingerprint = buffer.getInt();
        byte check = buffer.get();
        if (tokenFingerprint != fingerprint || check != checksum(cursor, tokenFingerprint) || cursor <= 0) {
            return Optional.empty();
        }
        return Optional.of(cursor);
    }

    private static byte checksum(long cursor, int fingerprint) {
        return (byte) Corpus.mix(cursor, fingerprint, 99);
    }

    /** XOR of every byte but the marker with a seed-derived key stream (self-inverse). */
    private static void scramble(long seed, byte[] bytes) {
        long key = Corpus.mix(seed, 0x7AB1E, 3);
        for (int i = 1; i < LENGTH; i++) {
            if (i % 8 == 0) {
                key = Corpus.mix(key, i, 4);
            }
            bytes[i] ^= (byte) (key >>> ((i % 8) * 8));
        }
    }
}
