package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.BallastListener;
import dev.ballast.resilience.BackoffType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatabaseOptionsBuilderTest {

    private static DatabaseOptions.Builder withUrl() {
        return DatabaseOptions.builder().url("jdbc:postgresql://db:5432/tickets");
    }

    @Test
    void defaultsAreTheSeedsAndDesignsValues() {
        DatabaseOptions o = withUrl().build();
        assertThat(o.minPoolSize()).isEqualTo(2);
        assertThat(o.maxPoolSize()).isEqualTo(20);
        assertThat(o.connectionLifetime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(o.connectionIdleLifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(o.connectionTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.enablePooling()).isTrue();
        assertThat(o.enableRetryPolicy()).isTrue();
        assertThat(o.retryCount()).isEqualTo(3);
        assertThat(o.retryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.enableCircuitBreaker()).isTrue();
        assertThat(o.circuitBreakerThreshold()).isEqualTo(5);
        assertThat(o.circuitBreakerDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.failureRatio()).isEqualTo(0.5);
        assertThat(o.samplingDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.backoffType()).isEqualTo(BackoffType.EXPONENTIAL);
        assertThat(o.retryJitter()).isTrue();
        assertThat(o.maxRetryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.keepaliveInterval()).isEqualTo(Duration.ofSeconds(120));
        assertThat(o.leakDetectionThreshold()).isEqualTo(Duration.ZERO);
        assertThat(o.noResetOnClose()).isTrue();
        assertThat(o.maxAutoPrepare()).isEqualTo(10);
        assertThat(o.autoPrepareMinUsages()).isEqualTo(2);
        assertThat(o.applicationName()).isEqualTo("ballast");
        assertThat(o.poolName()).isEqualTo("ballast");
        assertThat(o.additionalTransientSqlStates()).isEmpty();
        assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.healthDegradedBelowMaxPoolSize()).isEqualTo(10);
        assertThat(o.username()).isNull();
        assertThat(o.password()).isEqualTo(Secret.none());
        assertThat(o.listeners()).isEmpty();
    }

    @Test
    void everySetterIsReadBack() {
        BallastListener first = new BallastListener() {};
        BallastListener second = new BallastListener() {};
        DatabaseOptions o = withUrl()
                .minPoolSize(0).maxPoolSize(1)
                .connectionLifetime(Duration.ZERO).connectionIdleLifetime(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofMillis(1)).commandTimeout(Duration.ZERO)
                .enablePooling(false).enableRetryPolicy(false).retryCount(0).retryDelay(Duration.ZERO)
                .enableCircuitBreaker(false).circuitBreakerThreshold(1).circuitBreakerDuration(Duration.ofSeconds(1))
                .failureRatio(1.0).samplingDuration(Duration.ofSeconds(2)).backoffType(BackoffType.LINEAR)
                .retryJitter(false).maxRetryDelay(Duration.ZERO).validationTimeout(Duration.ofSeconds(1))
                .keepaliveInterval(Duration.ZERO).leakDetectionThreshold(Duration.ofMinutes(1))
                .noResetOnClose(false).maxAutoPrepare(0).autoPrepareMinUsages(1)
                .applicationName("").poolName("p").additionalTransientSqlStates("57014", "55P03")
                .shutdownTimeout(Duration.ZERO).healthDegradedBelowMaxPoolSize(0)
                .username("app").password("hunter2").listener(first).listener(second)
                .build();
        assertThat(o.minPoolSize()).isZero();
        assertThat(o.maxPoolSize()).isEqualTo(1);
        assertThat(o.connectionLifetime()).isZero();
        assertThat(o.connectionIdleLifetime()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.connectionTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(o.commandTimeout()).isZero();
        assertThat(o.enablePooling()).isFalse();
        assertThat(o.enableRetryPolicy()).isFalse();
        assertThat(o.retryCount()).isZero();
        assertThat(o.retryDelay()).isZero();
        assertThat(o.enableCircuitBreaker()).isFalse();
        assertThat(o.circuitBreakerThreshold()).isEqualTo(1);
        assertThat(o.circuitBreakerDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.failureRatio()).isEqualTo(1.0);
        assertThat(o.samplingDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.backoffType()).isEqualTo(BackoffType.LINEAR);
        assertThat(o.retryJitter()).isFalse();
        assertThat(o.maxRetryDelay()).isZero();
        assertThat(o.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.keepaliveInterval()).isZero();
        assertThat(o.leakDetectionThreshold()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.noResetOnClose()).isFalse();
        assertThat(o.maxAutoPrepare()).isZero();
        assertThat(o.autoPrepareMinUsages()).isEqualTo(1);
        assertThat(o.applicationName()).isEmpty();
        assertThat(o.poolName()).isEqualTo("p");
        assertThat(o.additionalTransientSqlStates()).containsExactly("57014", "55P03");
        assertThat(o.shutdownTimeout()).isZero();
        assertThat(o.healthDegradedBelowMaxPoolSize()).isZero();
        assertThat(o.username()).isEqualTo("app");
        assertThat(o.password().reveal()).isEqualTo("hunter2");
        assertThat(o.listeners()).containsExactly(first, second);
    }

    @Test
    void optionsAreImmutable() {
        DatabaseOptions o = withUrl().additionalTransientSqlStates("57014").listener(new BallastListener() {}).build();
        assertThatThrownBy(() -> o.additionalTransientSqlStates().add("40001"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.listeners().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderCanBeReusedWithoutChangingBuiltOptions() {
        DatabaseOptions.Builder b = withUrl().maxPoolSize(30);
        DatabaseOptions first = b.build();
        DatabaseOptions second = b.maxPoolSize(40).build();
        assertThat(first.maxPoolSize()).isEqualTo(30);
        assertThat(second.maxPoolSize()).isEqualTo(40);
    }

    @Test
    void toBuilderRoundTripsAndChangesOnlyWhatIsSet() {
        BallastListener l = new BallastListener() {};
        DatabaseOptions o = DatabaseOptions.builder()
                .url("Host=db;Database=tickets;Username=app;Password=hunter2;SSL Mode=Require")
                .maxPoolSize(50).retryDelay(Duration.ofMillis(250)).listener(l).build();
        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
        DatabaseOptions changed = o.toBuilder().maxPoolSize(60).build();
        assertThat(changed.maxPoolSize()).isEqualTo(60);
        assertThat(changed.url()).isEqualTo(o.url());
        assertThat(changed.username()).isEqualTo("app");
        assertThat(changed.password()).isEqualTo(Secret.of("hunter2"));
        assertThat(changed.listeners()).containsExactly(l);
        assertThat(changed).isNotEqualTo(o);
    }

    @Test
    void aNewConnectionStringOnToBuilderReplacesInheritedValuesButKeepsUnmentionedCredentials() {
        DatabaseOptions o = DatabaseOptions.builder().url("Host=a;Database=x;Username=app;Password=hunter2")
                .build();
        DatabaseOptions moved = o.toBuilder().url("Host=b;Database=y;Maximum Pool Size=50").build();
        assertThat(moved.url()).isEqualTo("jdbc:postgresql://b:5432/y");
        assertThat(moved.maxPoolSize()).isEqualTo(50);
        assertThat(moved.username()).isEqualTo("app");
        assertThat(moved.password().reveal()).isEqualTo("hunter2");
    }

    @Test
    void minAboveMaxFailsInBuild() {
        DatabaseOptions.Builder b = withUrl().minPoolSize(30);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MinPoolSize must be at most MaxPoolSize (20), but was 30");
    }

    @Test
    void retryDelayAboveCapFailsInBuild() {
        DatabaseOptions.Builder b = withUrl().retryDelay(Duration.ofSeconds(40));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxRetryDelaySeconds must be at least RetryDelaySeconds (40), but was 30");
    }

    @Test
    void settersFailAtOnceWithTheKeyAndValue() {
        DatabaseOptions.Builder b = DatabaseOptions.builder();
        assertThatThrownBy(() -> b.maxPoolSize(0)).hasMessage("MaxPoolSize must be at least 1, but was 0");
        assertThatThrownBy(() -> b.connectionTimeout(Duration.ofMillis(-500)))
                .hasMessage("ConnectionTimeoutSeconds must be greater than 0, but was -0.5");
        assertThatThrownBy(() -> b.failureRatio(Double.NaN))
                .hasMessage("FailureRatio must be greater than 0 and at most 1, but was NaN");
        assertThatThrownBy(() -> b.backoffType(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.additionalTransientSqlStates(List.of("57014", "57014")))
                .hasMessage("AdditionalTransientSqlStates lists 57014 twice");
    }

    @Test
    void noConnectionFailsInBuild() {
        assertThatThrownBy(() -> DatabaseOptions.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No connection configured");
    }

    @Test
    void sqlStatesKeepTheirOrder() {
        assertThat(withUrl().additionalTransientSqlStates(Set.of("57014")).build().additionalTransientSqlStates())
                .containsExactly("57014");
        assertThat(withUrl().additionalTransientSqlStates("40001", "08P01", "57014").build()
                .additionalTransientSqlStates()).containsExactly("40001", "08P01", "57014");
    }

    @Test
    void toStringShowsEverySetting() {
        String text = withUrl().maxPoolSize(7).retryDelay(Duration.ofMillis(1500)).build().toString();
        assertThat(text).startsWith("DatabaseOptions{url=jdbc:postgresql://db:5432/tickets, username=<none>,"
                + " password=<none>, minPoolSize=2, maxPoolSize=7,");
        assertThat(text).contains("retryDelay=1.5s", "backoffType=EXPONENTIAL", "additionalTransientSqlStates=[]",
                "healthDegradedBelowMaxPoolSize=10", "listeners=[]");
    }
}
