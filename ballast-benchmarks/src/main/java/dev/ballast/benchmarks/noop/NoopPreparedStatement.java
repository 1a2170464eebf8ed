package dev.ballast.benchmarks.noop;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement that runs nothing: parameters are accepted and dropped, {@link #executeQuery()} returns a
 * one-row {@link NoopResultSet}, {@link #executeUpdate()} reports 0 rows.
 *
 * <p><b>Thread-safety:</b> one thread at a time, like a real statement.
 */
public final class NoopPreparedStatement extends NoopStatement implements PreparedStatement {

    NoopPreparedStatement(Connection connection) {
        super(connection);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        return new NoopResultSet(this);
    }

    @Override
    public int executeUpdate() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("the no-op driver has no result set metadata");
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("the no-op driver has no parameter metadata");
    }

    // Parameter setters: accepted and dropped.

    @Override public void setArray(int parameterIndex, Array x) throws SQLException { checkOpen(); }
    @Override public void setAsciiStream(int parameterIndex, InputStream x, int length)
            throws SQLException { checkOpen(); }
    @Override public void setAsciiStream(int parameterIndex, InputStream x, long length)
            throws SQLException { checkOpen(); }
    @Override public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException { checkOpen(); }
    @Override public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException { checkOpen(); }
    @Override public void setBinaryStream(int parameterIndex, InputStream x, int length)
            throws SQLException { checkOpen(); }
    @Override public void setBinaryStream(int parameterIndex, InputStream x, long length)
            throws SQLException { checkOpen(); }
    @Override public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException { checkOpen(); }
    @Override public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException { checkOpen(); }
    @Override public void setBlob(int parameterIndex, InputStream x) throws SQLException { checkOpen(); }
    @Override public void setBlob(int parameterIndex, Blob x) throws SQLException { checkOpen(); }
    @Override public void setBoolean(int parameterIndex, boolean x) throws SQLException { checkOpen(); }
    @Override public void setByte(int parameterIndex, byte x) throws SQLException { checkOpen(); }
    @Override public void setBytes(int parameterIndex, byte[] x) throws SQLException { checkOpen(); }
    @Override public void setCharacterStream(int parameterIndex, Reader x, int length)
            throws SQLException { checkOpen(); }
    @Override public void setCharacterStream(int parameterIndex, Reader x, long length)
            throws SQLException { checkOpen(); }
    @Override public void setCharacterStream(int parameterIndex, Reader x) throws SQLException { checkOpen(); }
    @Override public void setClob(int parameterIndex, Reader x, long length) throws SQLException { checkOpen(); }
    @Override public void setClob(int parameterIndex, Reader x) throws SQLException { checkOpen(); }
    @Override public void setClob(int parameterIndex, Clob x) throws SQLException { checkOpen(); }
    @Override public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException { checkOpen(); }
    @Override public void setDate(int parameterIndex, Date x) throws SQLException { checkOpen(); }
    @Override public void setDouble(int parameterIndex, double x) throws SQLException { checkOpen(); }
    @Override public void setFloat(int parameterIndex, float x) throws SQLException { checkOpen(); }
    @Override public void setInt(int parameterIndex, int x) throws SQLException { checkOpen(); }
    @Override public void setLong(int parameterIndex, long x) throws SQLException { checkOpen(); }
    @Override public void setNCharacterStream(int parameterIndex, Reader x, long length)
            throws SQLException { checkOpen(); }
    @Override public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException { checkOpen(); }
    @Override public void setNClob(int parameterIndex, Reader x, long length) throws SQLException { checkOpen(); }
    @Override public void setNClob(int parameterIndex, Reader x) throws SQLException { checkOpen(); }
    @Override public void setNClob(int parameterIndex, NClob x) throws SQLException { checkOpen(); }
    @Override public void setNString(int parameterIndex, String x) throws SQLException { checkOpen(); }
    @Override public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException { checkOpen(); }
    @Override public void setNull(int parameterIndex, int sqlType) throws SQLException { checkOpen(); }
    @Override public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
            throws SQLException { checkOpen(); }
    @Override public void setObject(int parameterIndex, Object x, int targetSqlType)
            throws SQLException { checkOpen(); }
    @Override public void setObject(int parameterIndex, Object x) throws SQLException { checkOpen(); }
    @Override public void setRef(int parameterIndex, Ref x) throws SQLException { checkOpen(); }
    @Override public void setRowId(int parameterIndex, RowId x) throws SQLException { checkOpen(); }
    @Override public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException { checkOpen(); }
    @Override public void setShort(int parameterIndex, short x) throws SQLException { checkOpen(); }
    @Override public void setString(int parameterIndex, String x) throws SQLException { checkOpen(); }
    @Override public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException { checkOpen(); }
    @Override public void setTime(int parameterIndex, Time x) throws SQLException { checkOpen(); }
    @Override public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal)
            throws SQLException { checkOpen(); }
    @Override public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException { checkOpen(); }
    @Override public void setURL(int parameterIndex, URL x) throws SQLException { checkOpen(); }
    @Deprecated @Override public void setUnicodeStream(int parameterIndex, InputStream x, int length)
            throws SQLException { checkOpen(); }
}
