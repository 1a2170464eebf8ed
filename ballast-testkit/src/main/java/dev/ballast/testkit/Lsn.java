package dev.ballast.testkit;

/** PostgreSQL WAL positions ({@code pg_lsn}, written {@code 16/B374D848}) as byte offsets. */
final class Lsn {

    private Lsn() {}

    /**
     * @param text a {@code pg_lsn} in its text form, or {@code null}
     * @return the byte offset; 0 for {@code null} (a standby that has replayed nothing yet)
     */
    static long parse(String text) {
        if (text == null) {
            return 0;
        }
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a WAL position: '" + text + "'");
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
