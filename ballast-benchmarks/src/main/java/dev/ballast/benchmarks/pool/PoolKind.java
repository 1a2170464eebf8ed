package dev.ballast.benchmarks.pool;

import java.util.Locale;

/**
 * The pools benchmarks compare, each configured the same way: a fixed size ({@code min = max}), auto-commit on,
 * no leak detection, no statement timeout, no statement cache in the pool, a 30 s borrow timeout, identical physical
 * connections from one {@link ConnectionTarget}. Each {@code *PoolUnderTest} class documents the rest of its
 * configuration.
 */
public enum PoolKind {

    /** Ballast's pool ({@code dev.ballast.pool}). */
    BALLAST("Ballast") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return BallastPoolUnderTest.open(target, size);
        }
    },

    /**
     * Ballast's pool with {@code EnablePoolAutoTuning}: the size given is MaxPoolSize, MinPoolSize is Ballast's
     * default 2, and the pool sizes itself in between. Not in {@link #ALL}: the tuning sweep and explicit
     * {@code --pools} lists use it.
     */
    BALLAST_TUNED("Ballast, auto-tuned") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return BallastPoolUnderTest.openTuned(target, size);
        }
    },

    /**
     * Ballast's pool sized as by default: MaxPoolSize the size given, MinPoolSize 2, {@code EnablePoolAutoTuning} on
     * (its default), and no listener, so nothing but the tuner times a borrow. For the pool benchmark's cost of
     * tuning on the no-op driver ({@code -p pool=ballast,ballast-default}); not in {@link #ALL}.
     */
    BALLAST_DEFAULT("Ballast, default sizing") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return BallastPoolUnderTest.openDefaultSizing(target, size);
        }
    },

    /** HikariCP. */
    HIKARI("HikariCP") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return HikariPoolUnderTest.open(target, size);
        }
    },

    /** Agroal (2.x). */
    AGROAL("Agroal") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return AgroalPoolUnderTest.open(target, size);
        }
    },

    /** Vibur DBCP with its fair waiting queue (Vibur's default). */
    VIBUR_FAIR("Vibur fair") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return ViburPoolUnderTest.open(target, size, true);
        }
    },

    /** Vibur DBCP with an unfair waiting queue. */
    VIBUR_UNFAIR("Vibur unfair") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return ViburPoolUnderTest.open(target, size, false);
        }
    },

    /** Apache Commons DBCP2. */
    DBCP2("DBCP2") {
        @Override
        public PoolUnderTest open(ConnectionTarget target, int size) {
            return Dbcp2PoolUnderTest.open(target, size);
        }
    };

    /**
     * A system property that sets Ballast's fairness threshold in seconds ({@code FairnessThresholdSeconds}) instead
     * of its default, for measuring the trade it controls; unset: Ballast's default.
     */
    public static final String BALLAST_FAIRNESS_PROPERTY = "ballast.benchmarks.FairnessThresholdSeconds";

    /** Every pool: the default of the {@code POOLS} / {@code --pools} settings. */
    public static final String ALL = "ballast,hikari,agroal,vibur-fair,vibur-unfair,dbcp2";

    private final String displayName;

    PoolKind(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name tables show, e.g. {@code Vibur fair} */
    public String displayName() {
        return displayName;
    }

    /** @return whether this is one of the pools Ballast is compared with (not Ballast itself, however sized) */
    public boolean isPeer() {
        return this != BALLAST && this != BALLAST_TUNED && this != BALLAST_DEFAULT;
    }

    /**
     * Opens a pool of this kind and waits until it holds {@code size} connections.
     *
     * @param target where the pool gets its physical connections
     * @param size the pool's minimum and maximum size
     * @return the open pool
     */
    public abstract PoolUnderTest open(ConnectionTarget target, int size);

    /** @return the lower-case name used in parameters, tables and file names, e.g. {@code vibur-fair} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param label a {@link #label()}, any case
     * @return the kind
     * @throws IllegalArgumentException if there is no such pool
     */
    public static PoolKind of(String label) {
        for (PoolKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("pool must be one of " + ALL + ", but was '" + label + "'");
    }
}
