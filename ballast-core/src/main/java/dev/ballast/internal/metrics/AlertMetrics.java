package dev.ballast.internal.metrics;

import static dev.ballast.metrics.MetricNames.ALERT;
import static dev.ballast.metrics.MetricNames.ALERTS_ACTIVE;
import static dev.ballast.metrics.MetricNames.ALERTS_FIRED;
import static dev.ballast.metrics.MetricNames.POOL_NAME;

import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.event.BallastListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The alert metrics: {@code ballast.alerts.active} (1 while a rule fires, 0 otherwise, one series per rule) and
 * {@code ballast.alerts.fired} (a counter per rule). Thread-safe.
 */
public final class AlertMetrics implements BallastListener, AutoCloseable {

    private final Map<AlertRule, Attributes> attributes = new EnumMap<>(AlertRule.class);
    private final LongCounter fired;
    private final ObservableLongGauge gauge;

    /**
     * @param meter the meter to create instruments with
     * @param poolName the pool's name
     * @param firing whether a rule is firing now
     */
    public AlertMetrics(Meter meter, String poolName, Predicate<AlertRule> firing) {
        for (AlertRule r : AlertRule.values()) {
            attributes.put(r, Attributes.of(AttributeKey.stringKey(POOL_NAME), poolName,
                    AttributeKey.stringKey(ALERT), r.alertName()));
        }
        fired = meter.counterBuilder(ALERTS_FIRED).setUnit("{alert}")
                .setDescription("Times each Ballast alert has fired").build();
        gauge = meter.gaugeBuilder(ALERTS_ACTIVE).ofLongs().setUnit("{alert}")
                .setDescription("1 while the Ballast alert fires, 0 otherwise")
                .buildWithCallback(m -> attributes.forEach((rule, attrs) -> m.record(firing.test(rule) ? 1 : 0,
                        attrs)));
    }

    @Override
    public void alertFired(Alert alert) {
        fired.add(1, attributes.get(alert.rule()));
    }

    /** Unregisters the gauge. */
    @Override
    public void close() {
        gauge.close();
    }
}
