package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DefaultFatalErrorsTest {

    private final DefaultFatalErrors fatal = DefaultFatalErrors.INSTANCE;

    @Test
    void connectionClassAdminShutdownAndReadOnlyAreFatal() {
        for (String state : new String[] {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03", "25006"}) {
            assertThat(fatal.test(new SQLException("x", state))).as(state).isTrue();
        }
    }

    @Test
    void ordinaryErrorsAreNot() {
        for (String state : new String[] {"23505", "42601", "40001", "40P01", "57014", "53300", null}) {
            assertThat(fatal.test(new SQLException("x", state))).as(String.valueOf(state)).isFalse();
        }
    }

    @Test
    void ioCausesAndNextExceptionsCount() {
        assertThat(fatal.test(new SQLException("io", null, new SocketException("reset")))).isTrue();
        SQLException batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("eof", null, new EOFException()));
        assertThat(fatal.test(batch)).isTrue();
    }
}
