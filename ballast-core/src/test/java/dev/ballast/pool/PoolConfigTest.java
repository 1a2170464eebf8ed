package dev.ballast.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    private static PoolConfigBuilder valid() {
        return PoolConfig.builder().jdbcUrl("jdbc:postgresql://localhost/app");
    }

    @Test
    void defaultsFollowTheSeed() {
        PoolConfig c = valid().build();
        assertThat(c.minPoolSize()).isEqualTo(2);
        assertThat(c.maxPoolSize()).isEqualTo(20);
        assertThat(c.connectionLifetime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.connectionIdleLifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.enablePooling()).isTrue();
        assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.keepaliveInterval()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.leakDetectionThreshold()).isZero();
        assertThat(c.fairnessThreshold()).isEqualTo(Duration.ofMillis(5));
        assertThat(c.noResetOnClose()).isTrue();
        assertThat(c.maxAutoPrepare()).isEqualTo(10);
        assertThat(c.autoPrepareMinUsages()).isEqualTo(2);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxConcurrentConnects()).isEqualTo(2);
        assertThat(c.poolName()).startsWith("ballast-");
        assertThat(c.applicationName()).isEqualTo(c.poolName());
        assertThat(c.fatalErrors().test(new SQLException("gone", "57P01"))).isTrue();
    }

    @Test
    void rejectsBadValuesNamingTheSettingAndValue() {
        assertThatThrownBy(() -> valid().maxPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPoolSize must be at least 1, but was 0");
        assertThatThrownBy(() -> valid().minPoolSize(-1)).hasMessage("minPoolSize must be at least 0, but was -1");
        assertThatThrownBy(() -> valid().connectionTimeout(Duration.ZERO))
                .hasMessage("connectionTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> valid().connectionLifetime(Duration.ofSeconds(-1)))
                .hasMessage("connectionLifetime must not be negative, but was PT-1S");
        assertThatThrownBy(() -> valid().fairnessThreshold(Duration.ofNanos(-1)))
                .hasMessage("fairnessThreshold must not be negative, but was PT-0.000000001S");
        assertThatThrownBy(() -> valid().fairnessThreshold(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().autoPrepareMinUsages(0))
                .hasMessage("autoPrepareMinUsages must be at least 1, but was 0");
        assertThatThrownBy(() -> valid().poolName(" ")).hasMessage("poolName must not be blank, but was ' '");
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl(null))
                .hasMessage("jdbcUrl must not be blank, but was null");
    }

    @Test
    void buildChecksSettingsAgainstEachOther() {
        assertThatThrownBy(() -> PoolConfig.builder().build()).hasMessage("jdbcUrl must be set, but was null");
        assertThatThrownBy(() -> valid().minPoolSize(5).maxPoolSize(4).build())
                .hasMessage("minPoolSize must not exceed maxPoolSize, but was 5 > 4");
        assertThatThrownBy(() -> valid().connectBackoff(Duration.ofSeconds(3)).build())
                .hasMessageStartingWith("connectBackoff must not exceed maxConnectBackoff");
    }

    @Test
    void toStringNeverShowsThePassword() {
        PoolConfig c = valid().username("app").password("s3cret-pw").driverProperty("password", "s3cret-pw")
                .poolName("orders").build();
        assertThat(c.toString()).doesNotContain("s3cret-pw").contains("password=<hidden>", "poolName=orders");
        assertThat(c.password()).isEqualTo("s3cret-pw");
    }

    @Test
    void toStringMasksPasswordsInTheUrlSslpasswordIncluded() {
        PoolConfig c = PoolConfig.builder()
                .jdbcUrl("jdbc:postgresql://db:5432/app?password=url-pw&sslmode=verify-full&sslpassword=key-pw")
                .build();
        assertThat(c.toString()).doesNotContain("url-pw").doesNotContain("key-pw")
                .contains("sslmode=verify-full", "password=******", "sslpassword=******");
        assertThat(c.jdbcUrl()).as("the pool still connects with the real URL").contains("key-pw");
    }

    @Test
    void isImmutableAndDerivable() {
        PoolConfigBuilder b = valid().maxPoolSize(7);
        PoolConfig c = b.build();
        b.maxPoolSize(9);
        assertThat(c.maxPoolSize()).isEqualTo(7);
        assertThat(c.toBuilder().minPoolSize(0).build().maxPoolSize()).isEqualTo(7);
        c.driverProperties().setProperty("x", "y");
        assertThat(c.driverProperties()).doesNotContainKey("x");
    }
}
