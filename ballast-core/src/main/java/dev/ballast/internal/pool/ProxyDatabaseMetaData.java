package dev.ballast.internal.pool;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The pool's view of {@link DatabaseMetaData}: {@link #getConnection()} returns the pooled connection, and the
 * catalog queries (which run SQL) return wrapped result sets and are checked for fatal errors.
 */
final class ProxyDatabaseMetaData extends MetaDataScalars {

    private final ProxyConnection connection;

    ProxyDatabaseMetaData(ProxyConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    private SQLException fail(SQLException e) {
        return connection.entry.fail(e);
    }

    private ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(null, connection.entry, rs);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        try {
            return wrap(delegate.getProcedures(catalog, schemaPattern, procedureNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
        try {
            return wrap(delegate.getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        try {
            return wrap(delegate.getTables(catalog, schemaPattern, tableNamePattern, types));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        try {
            return wrap(delegate.getSchemas());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        try {
            return wrap(delegate.getCatalogs());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        try {
            return wrap(delegate.getTableTypes());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        try {
            return wrap(delegate.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
        try {
            return wrap(delegate.getColumnPrivileges(catalog, schema, table, columnNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        try {
            return wrap(delegate.getTablePrivileges(catalog, schemaPattern, tableNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
        try {
            return wrap(delegate.getBestRowIdentifier(catalog, schema, table, scope, nullable));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        try {
            return wrap(delegate.getVersionColumns(catalog, schema, table));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return wrap(delegate.getPrimaryKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return wrap(delegate.getImportedKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return wrap(delegate.getExportedKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        try {
            return wrap(delegate.getCrossReference(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        try {
            return wrap(delegate.getTypeInfo());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        try {
            return wrap(delegate.getIndexInfo(catalog, schema, table, unique, approximate));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
        try {
            return wrap(delegate.getUDTs(catalog, schemaPattern, typeNamePattern, types));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        try {
            return wrap(delegate.getSuperTypes(catalog, schemaPattern, typeNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        try {
            return wrap(delegate.getSuperTables(catalog, schemaPattern, tableNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
        try {
            return wrap(delegate.getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        try {
            return wrap(delegate.getSchemas(catalog, schemaPattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        try {
            return wrap(delegate.getClientInfoProperties());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        try {
            return wrap(delegate.getFunctions(catalog, schemaPattern, functionNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
        try {
            return wrap(delegate.getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        try {
            return wrap(delegate.getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw fail(e);
        }
    }
}
