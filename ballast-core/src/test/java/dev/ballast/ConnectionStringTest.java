package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Npgsql connection strings become pgjdbc URLs; JDBC URLs give up their credentials. Every URL produced is also
 * checked with pgjdbc's own parser, so "converted" means "the driver reads it as meant".
 */
class ConnectionStringTest {

    static Stream<Arguments> npgsqlToJdbc() {
        return Stream.of(
                Arguments.of("Host=db.example.com;Port=5433;Database=tickets;Username=app;Password=hunter2;",
                        "jdbc:postgresql://db.example.com:5433/tickets"),
                Arguments.of("Server=db;DB=tickets;User Id=app;Pwd=hunter2", "jdbc:postgresql://db:5432/tickets"),
                Arguments.of("server = db ; database = tickets ; userid = app ; psw = hunter2",
                        "jdbc:postgresql://db:5432/tickets"),
                Arguments.of("HOST=db;UserName=app;UID=app", null), // Username twice: see the bad-input table
                Arguments.of("Host=db;SSL Mode=Require", "jdbc:postgresql://db:5432/?sslmode=require"),
                Arguments.of("Host=db;SslMode=VerifyFull", "jdbc:postgresql://db:5432/?sslmode=verify-full"),
                Arguments.of("Host=db;sslmode=verify-ca", "jdbc:postgresql://db:5432/?sslmode=verify-ca"),
                Arguments.of("Host=db;SSL Mode=Disable", "jdbc:postgresql://db:5432/?sslmode=disable"),
                Arguments.of("Host=a;Target Session Attributes=read-write",
                        "jdbc:postgresql://a:5432/?targetServerType=primary"),
                Arguments.of("Host=a;TargetSessionAttributes=prefer-standby",
                        "jdbc:postgresql://a:5432/?targetServerType=preferSecondary"),
                Arguments.of("Host=a;Target Session Attributes=standby",
                        "jdbc:postgresql://a:5432/?targetServerType=secondary"),
                Arguments.of("Host=a;Target Session Attributes=read-only",
                        "jdbc:postgresql://a:5432/?targetServerType=secondary"),
                Arguments.of("Host=a;Target Session Attributes=prefer-primary",
                        "jdbc:postgresql://a:5432/?targetServerType=preferPrimary"),
                Arguments.of("Host=a;Target Session Attributes=Primary",
                        "jdbc:postgresql://a:5432/?targetServerType=primary"),
                Arguments.of("Host=a;Target Session Attributes=any",
                        "jdbc:postgresql://a:5432/?targetServerType=any"),
                Arguments.of("Host=a:5433,b;Port=5434;Database=t", "jdbc:postgresql://a:5433,b:5434/t"),
                Arguments.of("Host=::1;Database=t", "jdbc:postgresql://[::1]:5432/t"),
                Arguments.of("Host=[::1]:6432;Database=t", "jdbc:postgresql://[::1]:6432/t"),
                Arguments.of("Host=db;Database=my db", "jdbc:postgresql://db:5432/my+db"),
                Arguments.of("Host=db;Trust Server Certificate=true;SSL Mode=Require",
                        "jdbc:postgresql://db:5432/?sslfactory=org.postgresql.ssl.NonValidatingFactory&sslmode=require"),
                Arguments.of("Host=db;Trust Server Certificate=false", "jdbc:postgresql://db:5432/"),
                Arguments.of("Host=db;Root Certificate=/etc/ca.pem;SSL Certificate=/c.pem;SSL Key=/k.pem",
                        "jdbc:postgresql://db:5432/?sslrootcert=%2Fetc%2Fca.pem&sslcert=%2Fc.pem&sslkey=%2Fk.pem"),
                Arguments.of("Host=db;Search Path=app,public;Tcp Keepalive=true;Load Balance Hosts=true",
                        "jdbc:postgresql://db:5432/?currentSchema=app%2Cpublic&tcpKeepAlive=true"),
                Arguments.of("Host=db;Options=-c statement_timeout=5s;Host Recheck Seconds=5;Include Error Detail=true",
                        "jdbc:postgresql://db:5432/?options=-c+statement_timeout%3D5s&hostRecheckSeconds=5"
                                + "&logServerErrorDetail=true"),
                Arguments.of("Host=db;Enlist=false;Persist Security Info=False", "jdbc:postgresql://db:5432/"));
    }

    @ParameterizedTest
    @MethodSource("npgsqlToJdbc")
    void npgsqlBecomesJdbc(String npgsql, String jdbc) throws Exception {
        if (jdbc == null) {
            assertThatThrownBy(() -> DatabaseOptions.builder().url(npgsql)).hasMessageContaining("twice");
            return;
        }
        DatabaseOptions o = DatabaseOptions.builder().url(npgsql).build();
        assertThat(o.url()).isEqualTo(jdbc);
        Properties driverView = org.postgresql.Driver.parseURL(o.url(), new Properties());
        assertThat(driverView).as("pgjdbc accepts %s", o.url()).isNotNull();
        assertThat(driverView.getProperty("password")).isNull();
        assertThat(driverView.getProperty("user")).isNull();
    }

    @Test
    void pgjdbcReadsWhatNpgsqlMeant() throws Exception {
        DatabaseOptions o = DatabaseOptions.builder()
                .url("Host=a:5433,b;Database=my db;SSL Mode=VerifyFull")
                .build();
        Properties p = org.postgresql.Driver.parseURL(o.url(), new Properties());
        assertThat(p.getProperty("PGHOST")).isEqualTo("a,b");
        assertThat(p.getProperty("PGPORT")).isEqualTo("5433,5432");
        assertThat(p.getProperty("PGDBNAME")).isEqualTo("my db");
        assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
    }

    @Test
    void credentialsComeOutOfTheConnectionString() {
        DatabaseOptions o = DatabaseOptions.builder()
                .url("Host=db;Username=app;Password=\"a;b\"\"c\";Database='it''s'").build();
        assertThat(o.username()).isEqualTo("app");
        assertThat(o.password().reveal()).isEqualTo("a;b\"c");
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/it%27s");
    }

    @Test
    void npgsqlPoolKeywordsBecomeSettings() {
        DatabaseOptions o = DatabaseOptions.builder().url("Host=db;Pooling=false;Minimum Pool Size=1;"
                + "Maximum Pool Size=50;Timeout=5;Command Timeout=0;Connection Idle Lifetime=60;"
                + "Connection Lifetime=0;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=3;"
                + "Application Name=tickets;Keepalive=30").build();
        assertThat(o.enablePooling()).isFalse();
        assertThat(o.minPoolSize()).isEqualTo(1);
        assertThat(o.maxPoolSize()).isEqualTo(50);
        assertThat(o.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.commandTimeout()).isZero();
        assertThat(o.connectionIdleLifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.connectionLifetime()).isZero();
        assertThat(o.noResetOnClose()).isFalse();
        assertThat(o.maxAutoPrepare()).isZero();
        assertThat(o.autoPrepareMinUsages()).isEqualTo(3);
        assertThat(o.applicationName()).isEqualTo("tickets");
        assertThat(o.keepaliveInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/");
    }

    @Test
    void npgsqlPropertyNameAliases() {
        DatabaseOptions o = DatabaseOptions.builder()
                .url("Host=db;MinPoolSize=1;MaxPoolSize=9;CommandTimeout=3;Load Balance Timeout=7").build();
        assertThat(o.minPoolSize()).isEqualTo(1);
        assertThat(o.maxPoolSize()).isEqualTo(9);
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.connectionLifetime()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void jdbcUrlGivesUpCredentialsAndApplicationName() {
        DatabaseOptions o = DatabaseOptions.builder().url("jdbc:postgresql://db:5432/tickets?user=app"
                + "&password=p%40ss&sslmode=require&ApplicationName=tickets&tcpKeepAlive=true").build();
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/tickets?sslmode=require&tcpKeepAlive=true");
        assertThat(o.username()).isEqualTo("app");
        assertThat(o.password().reveal()).isEqualTo("p@ss");
        assertThat(o.applicationName()).isEqualTo("tickets");
    }

    @Test
    void jdbcUrlFormsAreKept() {
        assertThat(DatabaseOptions.builder().url("jdbc:postgresql:tickets").build().url())
                .isEqualTo("jdbc:postgresql:tickets");
        assertThat(DatabaseOptions.builder().url("jdbc:postgresql://a,b:5433/t?sslmode=require").build()
                .url()).isEqualTo("jdbc:postgresql://a,b:5433/t?sslmode=require");
        assertThat(DatabaseOptions.builder().url("jdbc:postgresql://[::1]/t").build().url())
                .isEqualTo("jdbc:postgresql://[::1]/t");
    }

    // The conflict rule: a setting given both in the connection string and separately must agree.

    @Test
    void builderValueEqualToTheConnectionStringsIsFine() {
        DatabaseOptions o = DatabaseOptions.builder().url("Host=db;Maximum Pool Size=50").maxPoolSize(50).build();
        assertThat(o.maxPoolSize()).isEqualTo(50);
    }

    @Test
    void builderValueDifferentFromTheConnectionStringsFailsNamingBoth() {
        DatabaseOptions.Builder b = DatabaseOptions.builder().maxPoolSize(20).url("Host=db;Maximum Pool Size=50");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxPoolSize is given twice with different values: 20 by maxPoolSize(…) and 50 by"
                        + " ConnectionString keyword 'Maximum Pool Size'; give it in one place, or the same value in"
                        + " both");
    }

    @Test
    void credentialConflictsFailToo() {
        assertThatThrownBy(() -> DatabaseOptions.builder().url("jdbc:postgresql://db/t?user=a").username("b")
                .build()).hasMessageContaining("Username is given twice with different values: \"b\" by username(…)"
                        + " and \"a\" by JDBC URL parameter 'user'");
        assertThatThrownBy(() -> DatabaseOptions.builder().url("Host=db;Password=hunter2").password("other")
                .build()).hasMessage("Password is given twice with different values (not shown): by password(…)"
                        + " and by ConnectionString keyword 'Password'; give it in one place, or the same value in"
                        + " both");
    }

    @Test
    void oneSideOnlyIsTaken() {
        assertThat(DatabaseOptions.builder().url("Host=db;Maximum Pool Size=50").build().maxPoolSize())
                .isEqualTo(50);
        assertThat(DatabaseOptions.builder().url("Host=db").maxPoolSize(30).build().maxPoolSize()).isEqualTo(30);
    }

    @Test
    void fileKeyAndConnectionStringKeywordMustAgree() {
        assertThat(DatabaseOptions.fromJson(Json.of("{'Database': {'MaxPoolSize': 50, 'ConnectionString':"
                + " 'Host=db;Maximum Pool Size=50'}}")).maxPoolSize()).isEqualTo(50);
        assertThatThrownBy(() -> DatabaseOptions.fromJson(Json.of("{'Database': {'MaxPoolSize': 20},"
                + " 'ConnectionStrings': {'Default': 'Host=db;Maximum Pool Size=50'}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxPoolSize is given twice with different values: 20 by Database.MaxPoolSize in JSON"
                        + " text and 50 by keyword 'Maximum Pool Size' of ConnectionStrings.Default in JSON text;"
                        + " give it in one place, or the same value in both");
    }

    @Test
    void fileHostKeyMustAgreeWithTheConnectionString() {
        assertThatThrownBy(() -> DatabaseOptions.fromJson(Json.of("{'Database': {'Host': 'other',"
                + " 'ConnectionString': 'Host=db'}}")))
                .hasMessageContaining("Host is given twice with different values: \"db\" by the connection string"
                        + " and \"other\" by Database.Host in JSON text");
    }
}
