/**
 * Built-in pool-exhaustion alerting: the {@link dev.ballast.alert.AlertRule rules}, their configurable
 * {@link dev.ballast.alert.AlertThresholds thresholds}, and the {@link dev.ballast.alert.Alert} a firing rule raises.
 * Alerts reach {@link dev.ballast.event.BallastListener#alertFired} and
 * {@link dev.ballast.event.BallastListener#alertCleared}, the log, the {@code ballast.alerts.active} metric, the
 * health check (Degraded while any fires) and the dashboard.
 */
package dev.ballast.alert;
