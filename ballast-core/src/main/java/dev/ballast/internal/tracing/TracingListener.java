package dev.ballast.internal.tracing;

import dev.ballast.event.BallastListener;
import dev.ballast.resilience.CircuitState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Adds resilience events to the current span (the operation's, opened by {@link TracingResilience}): each attempt
 * ({@code ballast.attempt}), each scheduled retry ({@code ballast.retry}) and each rejection by the breaker
 * ({@code ballast.rejected}). Does nothing when no span is recording.
 */
public final class TracingListener implements BallastListener {

    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ballast.attempt");
    private static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("ballast.retry.delay_ms");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ballast.outcome");

    @Override
    public void attemptFinished(String operation, int attempt, Throwable failure) {
        Span span = Span.current();
        if (!span.isRecording()) {
            return;
        }
        if (failure == null) {
            span.addEvent("ballast.attempt", Attributes.of(ATTEMPT, (long) attempt, OUTCOME, "success"));
        } else {
            String state = failure instanceof SQLException ? ((SQLException) failure).getSQLState() : null;
            span.addEvent("ballast.attempt", Attributes.of(ATTEMPT, (long) attempt, OUTCOME, "failure",
                    TracingResilience.SQLSTATE, state == null ? "" : state));
        }
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent("ballast.retry", Attributes.of(ATTEMPT, (long) attempt, DELAY_MS, delay.toMillis(),
                    TracingResilience.SQLSTATE, cause.getSQLState() == null ? "" : cause.getSQLState()));
        }
    }

    @Override
    public void callRejected(CircuitState state) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent("ballast.rejected", Attributes.of(TracingResilience.BREAKER, state.name()));
        }
    }
}
