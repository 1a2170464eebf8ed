package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pool.PoolConfig;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectorTest {

    @Test
    void configMapsOntoPgjdbcProperties() {
        PoolConfig config = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app").username("app").password("pw")
                .connectionTimeout(Duration.ofMillis(1500)).applicationName("orders").maxAutoPrepare(7)
                .autoPrepareMinUsages(3).build();
        Properties p = Connector.properties(config, config.password());
        assertThat(p).containsEntry("user", "app").containsEntry("password", "pw")
                .containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2")
                .containsEntry("ApplicationName", "orders").containsEntry("prepareThreshold", "3")
                .containsEntry("preparedStatementCacheQueries", "7");
    }

    @Test
    void maxAutoPrepareZeroTurnsServerSidePreparationOff() {
        PoolConfig config = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app").maxAutoPrepare(0).build();
        assertThat(Connector.properties(config, null)).containsEntry("prepareThreshold", "0")
                .doesNotContainKey("preparedStatementCacheQueries").doesNotContainKey("password");
    }

    @Test
    void explicitDriverPropertiesWin() {
        PoolConfig config = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app")
                .driverProperty("prepareThreshold", "9").driverProperty("tcpKeepAlive", "true").build();
        assertThat(Connector.properties(config, null)).containsEntry("prepareThreshold", "9")
                .containsEntry("tcpKeepAlive", "true");
    }

    @Test
    void behindATransactionModeBouncerTheApplicationNameGoesInTheStartUpPacket() {
        PoolConfig bounced = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app")
                .pgBouncerPoolMode(dev.ballast.pool.PgBouncerPoolMode.TRANSACTION).build();
        assertThat(Connector.properties(bounced, null)).containsEntry("assumeMinServerVersion", "9.0");
        PoolConfig direct = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app").build();
        assertThat(Connector.properties(direct, null)).doesNotContainKey("assumeMinServerVersion");
    }

    @Test
    void behindATransactionModeBouncerADriverPropertySearchPathIsRefused() {
        PoolConfig config = PoolConfig.builder().jdbcUrl("jdbc:postgresql://db/app").username("app")
                .password("pw-not-shown").driverProperty("currentSchema", "sales")
                .pgBouncerPoolMode(dev.ballast.pool.PgBouncerPoolMode.TRANSACTION).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Connector(config, config.password()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ALTER ROLE app SET search_path = sales")
                .hasMessageNotContaining("pw-not-shown");
    }

    @Test
    void durationsRoundUpToWholeSeconds() {
        assertThat(Connector.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Connector.seconds(Duration.ofSeconds(15))).isEqualTo(15);
        assertThat(Connector.seconds(Duration.ZERO)).isZero();
        assertThat(Connector.seconds(Duration.ofDays(365 * 1000))).isEqualTo(Integer.MAX_VALUE);
    }
}
