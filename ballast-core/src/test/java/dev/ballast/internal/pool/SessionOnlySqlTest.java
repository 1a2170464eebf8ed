package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionOnlySqlTest {

    @Test
    void recognisesListenSessionAdvisoryLocksAndHoldableCursors() {
        assertThat(SessionOnlySql.find("  listen jobs")).containsExactly(SessionOnlySql.Kind.LISTEN);
        assertThat(SessionOnlySql.find("SELECT pg_advisory_lock(?)"))
                .containsExactly(SessionOnlySql.Kind.SESSION_ADVISORY_LOCK);
        assertThat(SessionOnlySql.find("select pg_try_advisory_lock_shared (42)"))
                .containsExactly(SessionOnlySql.Kind.SESSION_ADVISORY_LOCK);
        assertThat(SessionOnlySql.find("DECLARE c CURSOR WITH HOLD FOR SELECT 1"))
                .containsExactly(SessionOnlySql.Kind.WITH_HOLD_CURSOR);
    }

    @Test
    void recognisesSessionLevelSetAndSqlLevelPrepare() {
        assertThat(SessionOnlySql.find("SET search_path = app")).containsExactly(SessionOnlySql.Kind.SESSION_SET);
        assertThat(SessionOnlySql.find(" set session statement_timeout to 5000"))
                .containsExactly(SessionOnlySql.Kind.SESSION_SET);
        assertThat(SessionOnlySql.find("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))
                .containsExactly(SessionOnlySql.Kind.SESSION_SET);
        assertThat(SessionOnlySql.find("prepare q (int) AS SELECT $1"))
                .containsExactly(SessionOnlySql.Kind.PREPARED_STATEMENT);
    }

    @Test
    void leavesTransactionScopedSetAndTwoPhaseCommitAlone() {
        assertThat(SessionOnlySql.find("SET LOCAL statement_timeout = 5000")).isEmpty();
        assertThat(SessionOnlySql.find("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isEmpty();
        assertThat(SessionOnlySql.find("SET CONSTRAINTS ALL DEFERRED")).isEmpty();
        assertThat(SessionOnlySql.find("PREPARE TRANSACTION 'tx-1'")).isEmpty();
        assertThat(SessionOnlySql.find("UPDATE settings SET value = ? WHERE name = 'prepare'")).isEmpty();
        assertThat(SessionOnlySql.find("SELECT offset_of(x) FROM resets")).isEmpty();
    }

    @Test
    void leavesTransactionScopedAndOrdinarySqlAlone() {
        assertThat(SessionOnlySql.find("SELECT pg_advisory_xact_lock(?)")).isEmpty();
        assertThat(SessionOnlySql.find("SELECT * FROM listeners WHERE hold = true")).isEmpty();
        assertThat(SessionOnlySql.find("INSERT INTO t VALUES (?)")).isEmpty();
        assertThat(SessionOnlySql.find(null)).isEmpty();
    }

    @Test
    void eachKindIsReportedOncePerPoolWithTheAlternative() {
        List<String> reports = new ArrayList<>();
        SessionOnlySql check = new SessionOnlySql("orders", reports::add);
        check.check("SELECT pg_advisory_lock(1)");
        check.check("SELECT pg_advisory_lock(2)");
        check.check("LISTEN jobs");
        check.check("SELECT 1");
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).contains("Pool 'orders'", "PgBouncerPoolMode=Transaction", "pg_advisory_xact_lock",
                "SELECT pg_advisory_lock(1)");
        assertThat(reports.get(1)).contains("LISTEN", "bypasses PgBouncer");
    }
}
