package dev.ballast.internal.pool;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;

/**
 * The straightforward half of the pool's {@link Connection} view: each call checks that the handle is still open,
 * goes to the physical connection, and has its errors checked for fatal ones. {@link ProxyConnection} adds the calls
 * the pool must track (statements, settings to restore, close).
 */
abstract class ConnectionWrapper implements Connection {

    final PoolEntry entry;

    ConnectionWrapper(PoolEntry entry) {
        this.entry = entry;
    }

    /**
     * @return the entry, if this handle is still open
     * @throws SQLException {@code Connection is closed} (SQLSTATE 08003) otherwise
     */
    abstract PoolEntry open() throws SQLException;

    @Override
    public String nativeSQL(String sql) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.nativeSQL(sql);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getAutoCommit();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.isReadOnly();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getCatalog();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getTransactionIsolation();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getWarnings();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.clearWarnings();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Map<String,Class<?>> getTypeMap() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getTypeMap();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getHoldability();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.setSavepoint();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.setSavepoint(name);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.rollback(savepoint);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.releaseSavepoint(savepoint);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createClob();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createBlob();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createNClob();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createSQLXML();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.isValid(timeout);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getClientInfo(name);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getClientInfo();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createArrayOf(typeName, elements);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.createStruct(typeName, attributes);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getSchema();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.getNetworkTimeout();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void beginRequest() throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.beginRequest();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void endRequest() throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.endRequest();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        PoolEntry e = open();
        try {
            return e.raw.setShardingKeyIfValid(shardingKey, timeout);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.setShardingKey(shardingKey, superShardingKey);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.setShardingKey(shardingKey);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }
}
