package dev.ballast.demo;

import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.User;
import dev.ballast.resilience.DatabaseResilience;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Users, the repository pattern (as in the .NET original: {@code UserRepository.GetByIdAsync} /
 * {@code SaveChangesAsync}): every method is one call through {@link DatabaseResilience}, so a transient failure
 * is retried and an open circuit fails fast with {@code CircuitOpenException}. Reads use
 * {@link DatabaseResilience#withConnection withConnection} (safe to replay); the insert uses
 * {@link DatabaseResilience#inTransaction inTransaction}, whose commit is verified, so a lost COMMIT never inserts
 * twice. Thread-safe.
 */
public final class UserRepository {

    private final DatabaseResilience resilience;

    /** @param resilience Ballast's resilience, e.g. {@code ballast.resilience()} */
    public UserRepository(DatabaseResilience resilience) {
        this.resilience = Objects.requireNonNull(resilience, "resilience");
    }

    /**
     * @param id the user's id
     * @return the user, or empty if there is none
     * @throws SQLException if the database stays unavailable through the retries, or rejects the query
     */
    public Optional<User> findById(long id) throws SQLException {
        return resilience.withConnection(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.user(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Inserts a user in its own transaction.
     *
     * @param user a validated user
     * @return the stored user with its id
     * @throws SQLException SQLSTATE 23505 if the e-mail address is taken (case-insensitively), or a database failure
     */
    public User add(NewUser user) throws SQLException {
        return resilience.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO users (name, email) VALUES (?, ?) RETURNING " + Rows.USER_COLUMNS)) {
                ps.setString(1, user.name());
                ps.setString(2, user.email());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Rows.user(rs);
                }
            }
        });
    }
}
