package dev.ballast.alert;

import dev.ballast.internal.config.OptionKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The thresholds of the built-in {@link AlertRule alert rules}. Immutable and thread-safe; build one with
 * {@link #builder()} and pass it to {@code Ballast.start(options, openTelemetry, listeners, thresholds)}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>rule</th><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link AlertRule#POOL_UTILISATION}</td><td>{@link Builder#utilisation(double, Duration)}</td>
 *       <td>above 0.8 of MaxPoolSize for 30 s</td></tr>
 *   <tr><td>{@link AlertRule#WAITERS_PRESENT}</td><td>{@link Builder#waitersFor(Duration)}</td><td>30 s</td></tr>
 *   <tr><td>{@link AlertRule#BORROW_TIMEOUT}</td><td>{@link Builder#borrowTimeoutQuietPeriod(Duration)}</td>
 *       <td>clears 60 s after the last timeout</td></tr>
 *   <tr><td>{@link AlertRule#CIRCUIT_OPEN}</td><td>{@link Builder#circuitOpenFor(Duration)}</td>
 *       <td>0 s (at once)</td></tr>
 *   <tr><td>{@link AlertRule#CONNECTION_FAILURES}</td><td>{@link Builder#connectionFailures(int, Duration)}</td>
 *       <td>at least 5 failed opens in 60 s</td></tr>
 *   <tr><td>{@link AlertRule#CONNECTION_LEAK}</td><td>{@link Builder#leakQuietPeriod(Duration)}</td>
 *       <td>clears 5 min after the last leak report</td></tr>
 *   <tr><td>all</td><td>{@link Builder#evaluationInterval(Duration)}</td><td>1 s</td></tr>
 * </table>
 */
public final class AlertThresholds {

    private static final AlertThresholds DEFAULTS = builder().build();

    private final double utilisationRatio;
    private final Duration utilisationFor;
    private final Duration waitersFor;
    private final Duration borrowTimeoutQuietPeriod;
    private final Duration circuitOpenFor;
    private final int connectionFailures;
    private final Duration connectionFailureWindow;
    private final Duration leakQuietPeriod;
    private final Duration evaluationInterval;
    private final double openDurationFactor;
    private final Duration openDurationFloor;
    private final Duration openDurationWindow;
    private final Duration openDurationBaseline;
    private final Set<AlertRule> disabled;

    private AlertThresholds(Builder b) {
        utilisationRatio = b.utilisationRatio;
        utilisationFor = b.utilisationFor;
        waitersFor = b.waitersFor;
        borrowTimeoutQuietPeriod = b.borrowTimeoutQuietPeriod;
        circuitOpenFor = b.circuitOpenFor;
        connectionFailures = b.connectionFailures;
        connectionFailureWindow = b.connectionFailureWindow;
        leakQuietPeriod = b.leakQuietPeriod;
        evaluationInterval = b.evaluationInterval;
        openDurationFactor = b.openDurationFactor;
        openDurationFloor = b.openDurationFloor;
        openDurationWindow = b.openDurationWindow;
        openDurationBaseline = b.openDurationBaseline;
        disabled = b.disabled.isEmpty() ? Set.of() : Set.copyOf(b.disabled);
    }

    /** @return the documented defaults */
    public static AlertThresholds defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the fraction of MaxPoolSize in use above which {@link AlertRule#POOL_UTILISATION} counts (0.8) */
    public double utilisationRatio() {
        return utilisationRatio;
    }

    /** @return how long utilisation must stay above the ratio before the alert fires (30 s) */
    public Duration utilisationFor() {
        return utilisationFor;
    }

    /** @return how long callers must keep waiting before {@link AlertRule#WAITERS_PRESENT} fires (30 s) */
    public Duration waitersFor() {
        return waitersFor;
    }

    /** @return how long after the last borrow timeout {@link AlertRule#BORROW_TIMEOUT} clears (60 s) */
    public Duration borrowTimeoutQuietPeriod() {
        return borrowTimeoutQuietPeriod;
    }

    /** @return how long the breaker must stay not closed before {@link AlertRule#CIRCUIT_OPEN} fires (0) */
    public Duration circuitOpenFor() {
        return circuitOpenFor;
    }

    /** @return failed opens within the window that fire {@link AlertRule#CONNECTION_FAILURES} (5) */
    public int connectionFailures() {
        return connectionFailures;
    }

    /** @return the window over which failed opens are counted (60 s) */
    public Duration connectionFailureWindow() {
        return connectionFailureWindow;
    }

    /** @return how long after the last leak report {@link AlertRule#CONNECTION_LEAK} clears (5 min) */
    public Duration leakQuietPeriod() {
        return leakQuietPeriod;
    }

    /** @return how often the rules are evaluated (1 s) */
    public Duration evaluationInterval() {
        return evaluationInterval;
    }

    /** @return how many times the baseline median the recent p99 open time must exceed (default 3) */
    public double openDurationFactor() {
        return openDurationFactor;
    }

    /** @return the recent p99 open time below which {@code connection_open_slow} never fires (default 100 ms) */
    public Duration openDurationFloor() {
        return openDurationFloor;
    }

    /** @return the recent window of connection opens (default 60 s) */
    public Duration openDurationWindow() {
        return openDurationWindow;
    }

    /** @return the baseline before the recent window (default 15 min) */
    public Duration openDurationBaseline() {
        return openDurationBaseline;
    }

    /**
     * @param rule a rule
     * @return whether the rule is evaluated (all are, unless {@link Builder#disable(AlertRule)}d)
     */
    public boolean enabled(AlertRule rule) {
        return !disabled.contains(rule);
    }

    @Override
    public String toString() {
        return "AlertThresholds{utilisation>" + utilisationRatio + " for " + utilisationFor.toMillis() + "ms"
                + ", waitersFor=" + waitersFor.toMillis() + "ms"
                + ", borrowTimeoutQuietPeriod=" + borrowTimeoutQuietPeriod.toMillis() + "ms"
                + ", circuitOpenFor=" + circuitOpenFor.toMillis() + "ms"
                + ", connectionFailures=" + connectionFailures + " in " + connectionFailureWindow.toMillis() + "ms"
                + ", leakQuietPeriod=" + leakQuietPeriod.toMillis() + "ms"
 + ", openDuration>" + openDurationFactor + "x median and >" + openDurationFloor.toMillis() + "ms over "
                + openDurationWindow.toMillis() + "ms vs " + openDurationBaseline.toMillis() + "ms"
                + ", evaluationInterval=" + evaluationInterval.toMillis() + "ms"
                + ", disabled=" + disabled + "}";
    }

    /** Collects thresholds; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private double utilisationRatio = OptionKey.ALERT_UTILISATION_RATIO.defaultAs(Double.class);
        private Duration utilisationFor = OptionKey.ALERT_UTILISATION_FOR.defaultAs(Duration.class);
        private Duration waitersFor = OptionKey.ALERT_WAITERS_FOR.defaultAs(Duration.class);
        private Duration borrowTimeoutQuietPeriod =
                OptionKey.ALERT_BORROW_TIMEOUT_QUIET.defaultAs(Duration.class);
        private Duration circuitOpenFor = OptionKey.ALERT_CIRCUIT_OPEN_FOR.defaultAs(Duration.class);
        private int connectionFailures = OptionKey.ALERT_CONNECTION_FAILURES.defaultAs(Integer.class);
        private Duration connectionFailureWindow =
                OptionKey.ALERT_CONNECTION_FAILURE_WINDOW.defaultAs(Duration.class);
        private Duration leakQuietPeriod = OptionKey.ALERT_LEAK_QUIET.defaultAs(Duration.class);
        private Duration evaluationInterval = Duration.ofSeconds(1);
        private double openDurationFactor = OptionKey.ALERT_OPEN_DURATION_FACTOR.defaultAs(Double.class);
        private Duration openDurationFloor = OptionKey.ALERT_OPEN_DURATION_FLOOR.defaultAs(Duration.class);
        private Duration openDurationWindow = OptionKey.ALERT_OPEN_DURATION_WINDOW.defaultAs(Duration.class);
        private Duration openDurationBaseline = OptionKey.ALERT_OPEN_DURATION_BASELINE.defaultAs(Duration.class);
        private final EnumSet<AlertRule> disabled = EnumSet.noneOf(AlertRule.class);

        private Builder() {}

        /**
         * @param ratio the fraction of MaxPoolSize in use above which the pool counts as highly utilised, in
         *     {@code (0, 1]} (default 0.8: strictly more than 80%)
         * @param sustainedFor how long it must last (default 30 s; zero fires at the first evaluation)
         * @return this builder
         * @throws IllegalArgumentException if the ratio is out of range or the duration negative
         */
        public Builder utilisation(double ratio, Duration sustainedFor) {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("utilisation ratio must be in (0, 1], but was " + ratio);
            }
            utilisationRatio = ratio;
            utilisationFor = nonNegative("utilisation duration", sustainedFor);
            return this;
        }

        /**
         * @param sustainedFor how long callers must keep waiting for a connection (default 30 s)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder waitersFor(Duration sustainedFor) {
            waitersFor = nonNegative("waitersFor", sustainedFor);
            return this;
        }

        /**
         * @param quiet how long after the last borrow timeout the alert clears (default 60 s)
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder borrowTimeoutQuietPeriod(Duration quiet) {
            borrowTimeoutQuietPeriod = positive("borrowTimeoutQuietPeriod", quiet);
            return this;
        }

        /**
         * @param sustainedFor how long the breaker must stay not closed (default 0: at once)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder circuitOpenFor(Duration sustainedFor) {
            circuitOpenFor = nonNegative("circuitOpenFor", sustainedFor);
            return this;
        }

        /**
         * @param failures failed attempts to open a connection that fire the alert (default 5; at least 1)
         * @param window the sliding window they are counted in (default 60 s)
         * @return this builder
         * @throws IllegalArgumentException if failures is below 1 or the window not positive
         */
        public Builder connectionFailures(int failures, Duration window) {
            if (failures < 1) {
                throw new IllegalArgumentException("connection failures must be at least 1, but was " + failures);
            }
            connectionFailures = failures;
            connectionFailureWindow = positive("connection failure window", window);
            return this;
        }

        /**
         * @param quiet how long after the last leak report the alert clears (default 5 min)
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder leakQuietPeriod(Duration quiet) {
            leakQuietPeriod = positive("leakQuietPeriod", quiet);
            return this;
        }

        /**
         * @param interval how often the rules are evaluated (default 1 s; at least 10 ms)
         * @return this builder
         * @throws IllegalArgumentException if below 10 ms
         */
        public Builder evaluationInterval(Duration interval) {
            Objects.requireNonNull(interval, "evaluationInterval");
            if (interval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("evaluationInterval must be at least 10 ms, but was "
                        + interval.toMillis() + " ms");
            }
            evaluationInterval = interval;
            return this;
        }

        /**
         * The {@code connection_open_slow} rule: fires when the p99 time to open a connection over {@code window}
         * exceeds {@code factor} times the median over the {@code baseline} before it, and {@code floor}.
         *
         * @param factor how many times the baseline median (default 3; at least 1)
         * @param floor the p99 below which the rule never fires (default 100 ms; at least 0)
         * @param window the recent window (default 60 s; above 0)
         * @param baseline the baseline before it (default 15 min; above 0)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectionOpenSpike(double factor, Duration floor, Duration window, Duration baseline) {
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("open duration factor must be at least 1, but was " + factor);
            }
            openDurationFactor = factor;
            openDurationFloor = nonNegative("open duration floor", floor);
            openDurationWindow = positive("open duration window", window);
            openDurationBaseline = positive("open duration baseline", baseline);
            return this;
        }

        /**
         * @param rule a rule never to evaluate
         * @return this builder
         */
        public Builder disable(AlertRule rule) {
            disabled.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** @return the thresholds */
        public AlertThresholds build() {
            return new AlertThresholds(this);
        }

        private static Duration nonNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, but was " + d.toMillis() + " ms");
            }
            return d;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + d.toMillis() + " ms");
            }
            return d;
        }
    }
}
