package dev.ballast.benchmarks.pool;

import java.util.Locale;

/**
 * The pools benchmarks compare, each configured the same way: a fixed size ({@code min = max}), auto-commit on,
 * no leak detection, no statement timeout, a 30 s borrow timeout, identical physical connections from one
 * {@link ConnectionTarget}.
 */
public enum PoolKind {

    /** Ballast's pool ({@code dev.ballast.pool}). */
    BALLAST {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return BallastPoolUnderTest.open(target, size);
        }
    },

    /** HikariCP. */
    HIKARI {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return HikariPoolUnderTest.open(target, size);
        }
    };

    /**
     * Opens a pool of this kind and waits until it holds {@code size} connections.
     *
     * @param target where the pool gets its physical connections
     * @param size the pool's minimum and maximum size
     * @return the open pool
     */
    public abstract PoolUnderTest open(ConnectionTarget target, int size);

    /** @return the lower-case name used in parameters, tables and file names */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label {@code ballast} or {@code hikari}, any case
     * @return the kind
     * @throws IllegalArgumentException if there is no such pool
     */
    public static PoolKind of(String label) {
        for (PoolKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("pool must be one of ballast, hikari, but was '" + label + "'");
    }
}
