package dev.ballast.internal.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The JDBC state a borrower changed, and the values to restore on return. A setting's initial value is read lazily,
 * just before its first change in the connection's life (the driver's value then is the initial one, since every
 * return restores it), so an untouched connection costs nothing. Confined to the entry's owner.
 */
final class ConnectionState {

    static final int AUTO_COMMIT = 1;
    static final int ISOLATION = 1 << 1;
    static final int READ_ONLY = 1 << 2;
    static final int CATALOG = 1 << 3;
    static final int SCHEMA = 1 << 4;
    static final int NETWORK_TIMEOUT = 1 << 5;
    static final int CLIENT_INFO = 1 << 6;
    static final int TYPE_MAP = 1 << 7;
    static final int HOLDABILITY = 1 << 8;

    private static final Executor DIRECT = Runnable::run;

    private int captured;
    private int dirty;
    private boolean initialAutoCommit = true;
    private int initialIsolation;
    private boolean initialReadOnly;
    private String initialCatalog;
    private String initialSchema;
    private int initialNetworkTimeout;
    private Properties initialClientInfo;
    private Map<String, Class<?>> initialTypeMap;
    private int initialHoldability;
    /** The borrower's current autoCommit, as far as the pool has seen it set. */
    boolean autoCommit = true;
    /**
     * Behind a transaction-mode PgBouncer: the isolation level the borrower asked for, kept here instead of on the
     * server session; -1 when none was asked for.
     */
    int transactionIsolation = -1;
    /**
     * The level each transaction must begin with ({@code SET TRANSACTION ISOLATION LEVEL} before its first statement):
     * {@link #transactionIsolation} when it differs from the session's default, else -1, so a default level costs
     * nothing. Read before every statement runs: -1 is the whole cost where no level was set.
     */
    int beginIsolation = -1;
    /** Whether the borrower created any statement (so the session may have changed). */
    boolean sessionUsed;

    /**
     * Records that the borrower is about to change a setting.
     *
     * @param bit which setting
     * @param raw the physical connection, to read the initial value from
     * @throws SQLException if reading the initial value fails
     */
    void change(int bit, Connection raw) throws SQLException {
        if ((captured & bit) == 0) {
            capture(bit, raw);
            captured |= bit;
        }
        dirty |= bit;
    }

    /**
     * Keeps a level for the transactions to come instead of setting it on the server session.
     *
     * @param level a {@code Connection.TRANSACTION_*} level; call {@link #change} with {@link #ISOLATION} first
     */
    void deferIsolation(int level) {
        transactionIsolation = level;
        beginIsolation = level == initialIsolation ? -1 : level;
    }

    boolean isDirty() {
        return dirty != 0;
    }

    private void capture(int bit, Connection raw) throws SQLException {
        switch (bit) {
            case AUTO_COMMIT -> initialAutoCommit = autoCommit = raw.getAutoCommit();
            case ISOLATION -> initialIsolation = raw.getTransactionIsolation();
            case READ_ONLY -> initialReadOnly = raw.isReadOnly();
            case CATALOG -> initialCatalog = raw.getCatalog();
            case SCHEMA -> initialSchema = raw.getSchema();
            case NETWORK_TIMEOUT -> initialNetworkTimeout = raw.getNetworkTimeout();
            case CLIENT_INFO -> {
                initialClientInfo = new Properties(); // pgjdbc returns its own live Properties: copy it
                initialClientInfo.putAll(raw.getClientInfo());
            }
            case TYPE_MAP -> initialTypeMap = raw.getTypeMap();
            case HOLDABILITY -> initialHoldability = raw.getHoldability();
            default -> throw new IllegalArgumentException("unknown state bit " + bit);
        }
    }

    /**
     * Restores every changed setting to its initial value. Call after any open transaction was rolled back.
     *
     * @param raw the physical connection
     * @throws SQLException if the driver refuses
     */
    void restore(Connection raw) throws SQLException {
        int d = dirty;
        dirty = 0;
        if ((d & AUTO_COMMIT) != 0 && autoCommit != initialAutoCommit) {
            raw.setAutoCommit(initialAutoCommit);
            autoCommit = initialAutoCommit;
        }
        if ((d & ISOLATION) != 0 && transactionIsolation < 0) {
            raw.setTransactionIsolation(initialIsolation);
        }
        transactionIsolation = -1; // deferred levels never reached the session: nothing to restore
        beginIsolation = -1;
        if ((d & READ_ONLY) != 0) {
            raw.setReadOnly(initialReadOnly);
        }
        if ((d & CATALOG) != 0) {
            raw.setCatalog(initialCatalog);
        }
        if ((d & SCHEMA) != 0) {
            raw.setSchema(initialSchema);
        }
        if ((d & NETWORK_TIMEOUT) != 0) {
            raw.setNetworkTimeout(DIRECT, initialNetworkTimeout);
        }
        if ((d & CLIENT_INFO) != 0) {
            restoreClientInfo(raw);
        }
        if ((d & TYPE_MAP) != 0) {
            raw.setTypeMap(initialTypeMap);
        }
        if ((d & HOLDABILITY) != 0) {
            raw.setHoldability(initialHoldability);
        }
    }

    private void restoreClientInfo(Connection raw) throws SQLException {
        Properties now = raw.getClientInfo();
        Properties restored = new Properties();
        for (String name : now.stringPropertyNames()) {
            restored.setProperty(name, "");
        }
        restored.putAll(initialClientInfo);
        raw.setClientInfo(restored);
    }
}
