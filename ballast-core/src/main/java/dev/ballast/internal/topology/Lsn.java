package dev.ballast.internal.topology;

/**
 * PostgreSQL write-ahead log positions ({@code pg_lsn}, written {@code 16/B374D848}) as unsigned 64-bit numbers.
 */
final class Lsn {

    private Lsn() {}

    /**
     * @param text a {@code pg_lsn} as PostgreSQL prints it, or null
     * @return the position, or -1 for null
     * @throws IllegalArgumentException if the text is not {@code hex/hex}
     */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a WAL position: " + text);
        }
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        return (high << 32) | low;
    }

    /**
     * @param lsn a position
     * @return it as PostgreSQL prints it
     */
    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + '/' + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
