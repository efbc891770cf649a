package org.touchpoint.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/**
 * The secret a partner sends in {@code X-API-Key}: {@code tpk_} + 32 random base62 characters + a 6-character
 * base62 CRC32 checksum of the random part. The fixed prefix and checksum let secret scanners recognise a
 * leaked key, and let the gateway reject a mistyped or forged key without a database lookup. Only
 * {@link #hash()} (SHA-256, hex) is ever stored; {@link #toString()} never prints the secret.
 */
record ApiKeySecret(String value) {

    static final String PREFIX = "tpk_";
    static final int RANDOM_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    static final int HINT_LENGTH = 8;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static ApiKeySecret generate(RandomGenerator random) {
        String randomPart = randomBase62(random, RANDOM_LENGTH);
        return new ApiKeySecret(PREFIX + randomPart + checksum(randomPart));
    }

    /** The key if it is well formed (prefix, length, alphabet, checksum), else empty. */
    static Optional<ApiKeySecret> parse(String presented) {
        if (presented == null || presented.length() != LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (BASE62.indexOf(presented.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        String randomPart = presented.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        String checksum = presented.substring(PREFIX.length() + RANDOM_LENGTH);
        return checksum.equals(checksum(randomPart)) ? Optional.of(new ApiKeySecret(presented)) : Optional.empty();
    }

    static String randomBase62(RandomGenerator random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.toString();
    }

    /** CRC32 of the random part in base62, left-padded to 6 characters (62^6 > 2^32). */
    static String checksum(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    /** SHA-256 of the whole key, lower-case hex: the only form in which a key is stored. */
    String hash() {
        return sha256Hex(value);
    }

    /** The first characters after the prefix, shown to admins to tell keys apart. */
    String hint() {
        return value.substring(PREFIX.length(), PREFIX.length() + HINT_LENGTH);
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hint() + "…";
    }
}
