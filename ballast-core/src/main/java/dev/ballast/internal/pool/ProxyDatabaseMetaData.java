package dev.ballast.internal.pool;

import java.sql.DatabaseMetaData;

/**
 * The pool's view of {@link DatabaseMetaData}: {@link MetaDataWrapper} (hand-written) plus
 * {@link DatabaseMetaDataDelegation} (generated from {@link DatabaseMetaData}).
 */
final class ProxyDatabaseMetaData extends DatabaseMetaDataDelegation {

    ProxyDatabaseMetaData(ConnectionWrapper connection, DatabaseMetaData delegate) {
        super(connection, delegate);
    }
}
