package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-host connection strings and the replica keys: defaults, spellings, and bad input named clearly. */
class MultiHostOptionsTest {

    @Test
    void anNpgsqlMultiHostStringKeepsEveryHostWithItsPort() {
        DatabaseOptions o = DatabaseOptions.builder().url("Host=db1:5432,db2:5432,db3:5433;Database=app").build();
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db1:5432,db2:5432,db3:5433/app");
    }

    @Test
    void aJdbcMultiHostUrlIsAccepted() {
        DatabaseOptions o = DatabaseOptions.builder().url("jdbc:postgresql://db1:5432,db2:5432/db").build();
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db1:5432,db2:5432/db");
    }

    @Test
    void theReplicaKeysHaveTheirDocumentedDefaults() {
        DatabaseOptions o = DatabaseOptions.builder().url("jdbc:postgresql://db1,db2/db").build();
        assertThat(o.maxReplicaLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.loadBalanceHosts()).isTrue();
        assertThat(o.topologyProbeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.readYourWrites()).isFalse();
        assertThat(o.readYourWritesTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.hostConnectRate()).isEqualTo(20);
    }

    @Test
    void theReplicaKeysLoadFromJsonAndFromTheConnectionString() {
        DatabaseOptions o = DatabaseOptions.fromJson("""
                {"Database": {"ConnectionString": "Host=db1,db2;Database=app;Load Balance Hosts=false",
                  "MaxReplicaLagSeconds": 2.5, "TopologyProbeIntervalSeconds": 0.5, "ReadYourWrites": true,
                  "ReadYourWritesTimeoutSeconds": 0, "HostConnectRatePerSecond": 5}}""");
        assertThat(o.loadBalanceHosts()).isFalse();
        assertThat(o.maxReplicaLag()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.topologyProbeInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.readYourWrites()).isTrue();
        assertThat(o.readYourWritesTimeout()).isZero();
        assertThat(o.hostConnectRate()).isEqualTo(5);
        assertThat(DatabaseOptions.builder().url("jdbc:postgresql://a,b/db?loadBalanceHosts=false").build()
                .loadBalanceHosts()).isFalse();
    }

    @Test
    void aHostGivenTwiceIsAnErrorNamingIt() {
        assertThatThrownBy(() -> DatabaseOptions.builder().url("Host=db1:5432,DB1;Database=app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConnectionString names host DB1:5432 twice");
        assertThatThrownBy(() -> DatabaseOptions.builder().url("jdbc:postgresql://db1:5433,db2,db1:5433/app"))
                .hasMessageContaining("db1:5433 twice");
    }

    @Test
    void aLagBoundOfZeroOrLessIsAnErrorNamingKeyAndValue() {
        assertThatThrownBy(() -> DatabaseOptions.builder().maxReplicaLag(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxReplicaLagSeconds must be greater than 0, but was 0");
        assertThatThrownBy(() -> DatabaseOptions.fromEnvironment(Map.of("CONNECTIONSTRINGS__DEFAULT",
                "Host=a,b;Database=x", "DATABASE__MAXREPLICALAGSECONDS", "-1")))
                .hasMessageContaining("MaxReplicaLagSeconds must be greater than 0, but was -1");
    }

    @Test
    void otherOutOfRangeReplicaSettingsAreErrors() {
        assertThatThrownBy(() -> DatabaseOptions.builder().topologyProbeInterval(Duration.ofSeconds(61)))
                .hasMessage("TopologyProbeIntervalSeconds must be at most 60, but was 61");
        assertThatThrownBy(() -> DatabaseOptions.builder().hostConnectRate(0))
                .hasMessage("HostConnectRatePerSecond must be at least 1, but was 0");
        assertThatThrownBy(() -> DatabaseOptions.builder().readYourWritesTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("ReadYourWritesTimeoutSeconds must not be negative");
    }

    @Test
    void pgjdbcHostSelectionWithSeveralHostsIsAnError() {
        assertThatThrownBy(() -> DatabaseOptions.builder().url("jdbc:postgresql://a,b/db?targetServerType=primary"))
                .hasMessageContaining("sets targetServerType=primary")
                .hasMessageContaining("leave targetServerType out");
        assertThatThrownBy(() -> DatabaseOptions.builder().url("Host=a,b;Target Session Attributes=primary"))
                .hasMessageContaining("targetServerType");
    }

    @Test
    void severalHostsNeedRoomForTheMonitorConnection() {
        assertThatThrownBy(() -> DatabaseOptions.builder().url("Host=a,b").maxPoolSize(1).minPoolSize(0).build())
                .hasMessageContaining("MaxPoolSize must be at least 2 with several hosts");
    }
}
