package dev.ballast.benchmarks.noop;

import java.sql.SQLException;

/** {@link java.sql.Wrapper} support shared by the no-op types: each wraps only itself. */
final class Wrappers {

    private Wrappers() {
    }

    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(self.getClass().getSimpleName() + " does not wrap a " + iface.getName());
    }
}
