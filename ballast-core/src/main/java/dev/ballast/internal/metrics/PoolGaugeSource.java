package dev.ballast.internal.metrics;

/** What the pool gauges read at collection time: the pool's own counters, never a query. */
public interface PoolGaugeSource {
    /** @return idle connections */
    int idle();

    /** @return borrowed connections */
    int used();

    /** @return callers waiting to borrow */
    int pending();

    /** @return MaxPoolSize */
    int maxPoolSize();

    /** @return MinPoolSize */
    int minPoolSize();
}
