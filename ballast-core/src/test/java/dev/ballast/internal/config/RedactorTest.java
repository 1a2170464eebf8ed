package dev.ballast.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksJdbcPasswordParameters() {
        assertThat(Redactor.redact("jdbc:postgresql://db/t?user=app&password=hunter2&sslpassword=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/t?user=app&password=******&sslpassword=******&ssl=true");
        assertThat(Redactor.redact("JDBC:postgresql://db/t?PASSWORD=hunter2")).doesNotContain("hunter2");
        assertThat(Redactor.redact("jdbc:postgresql://db/t?sslmode=require")).isEqualTo(
                "jdbc:postgresql://db/t?sslmode=require");
    }

    @Test
    void masksNpgsqlPasswordKeywords() {
        assertThat(Redactor.redact("Host=db;Password=hunter2;Username=app"))
                .isEqualTo("Host=db;Password=******;Username=app");
        assertThat(Redactor.redact("Host=db; pwd = 'hun;ter2' ;SSL Password=\"x\"\"y\""))
                .isEqualTo("Host=db; pwd = ****** ;SSL Password=******");
        assertThat(Redactor.redact("PSW=hunter2")).isEqualTo("PSW=******");
    }

    @Test
    void nullStaysNull() {
        assertThat(Redactor.redact(null)).isNull();
    }
}
