package dev.ballast.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The shared secret that {@code Authorization: Bearer …} must carry. Holds only the token's SHA-256 digest and
 * compares digests with {@link MessageDigest#isEqual}, so neither the comparison's time nor a heap dump's string
 * table reveals the token; {@link #toString()} never prints it. Immutable.
 */
final class BearerToken {

    /** Shortest token accepted, in characters. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param token the secret: at least {@value #MIN_LENGTH} visible ASCII characters, no spaces
     * @return the token
     * @throws IllegalArgumentException if too short or containing other characters (the message omits the token)
     */
    static BearerToken of(String token) {
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("bearerToken must be at least " + MIN_LENGTH
                    + " characters, but was " + token.length());
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("bearerToken must be visible ASCII without spaces, but character "
                        + (i + 1) + " is not");
            }
        }
        return new BearerToken(sha256(token));
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @return whether it is {@code Bearer <this token>}
     */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[******]";
    }
}
