package dev.ballast.internal.topology;

import java.util.Locale;

/** What a host is, as the monitor last saw it. */
public enum Role {
    /** Not probed yet. */
    UNKNOWN,
    /** Accepts writes ({@code pg_is_in_recovery()} is false). */
    PRIMARY,
    /** A hot standby replaying the primary's WAL; serves reads. */
    STANDBY,
    /** Could not be reached, or answered with an error: no caller is sent to it. */
    DOWN;

    /** @return the role in lower case, as health data and metric attributes show it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
