package dev.ballast.demo.chaos.replica;

import dev.ballast.Ballast;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;

/**
 * The chaos clients' database work through Ballast: writes in {@code inTransaction} (to the primary, commit verified);
 * a read of the client's own write in {@code readOnlyTransaction}, which with the {@code ReadYourWrites} option the
 * chaos mode turns on waits for its standby to replay the instance's last write or goes to the primary; a read with
 * no promise on {@code readDataSource(false)} (a standby within the lag bound, else the primary).
 */
public final class BallastReplicaClient implements ReplicaClient {

    /** The table the chaos clients write: the key is not unique, so a duplicated write shows as two rows. */
    public static final String SCHEMA = "CREATE TABLE chaos_writes(id bigserial PRIMARY KEY, key uuid NOT NULL, "
            + "at timestamptz NOT NULL DEFAULT now()); CREATE INDEX chaos_writes_key ON chaos_writes(key)";

    private static final String READ = "SELECT pg_is_in_recovery(), EXISTS (SELECT 1 FROM chaos_writes WHERE key = ?)";

    private final Ballast db;

    /** @param db a Ballast started on a multi-host connection string */
    public BallastReplicaClient(Ballast db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public long write(UUID key) throws SQLException {
        return db.resilience().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chaos_writes(key) VALUES (?) RETURNING id")) {
                ps.setObject(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Read readOwnWrite(UUID key) throws SQLException {
        return db.resilience().readOnlyTransaction(c -> read(c, key));
    }

    @Override
    public Read read(UUID key) throws SQLException {
        try (Connection c = db.readDataSource(false).getConnection()) {
            return read(c, key);
        }
    }

    private static Read read(Connection c, UUID key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Read(rs.getBoolean(2), rs.getBoolean(1));
            }
        }
    }
}
