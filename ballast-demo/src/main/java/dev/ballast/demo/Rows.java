package dev.ballast.demo;

import dev.ballast.demo.api.Priority;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Maps rows of {@code users} and {@code tickets} to API records; the column lists the queries select. Shared by
 * every adapter that reads these tables (the Spring Boot demo's writes too), so a row reads the same everywhere.
 */
public final class Rows {

    /** Columns of {@code users}, in the order {@link #user} reads them. */
    public static final String USER_COLUMNS = "id, name, email, created_at";
    /** Columns of {@code tickets}, in the order {@link #ticket} reads them. */
    public static final String TICKET_COLUMNS =
            "id, title, description, priority, status, reporter_id, request_key, created_at, updated_at";

    private Rows() {}

    /**
     * @param rs a row of {@link #USER_COLUMNS}
     * @return the user
     * @throws SQLException if a column cannot be read
     */
    public static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    /**
     * @param rs a row of {@link #TICKET_COLUMNS}
     * @return the ticket
     * @throws SQLException if a column cannot be read
     */
    public static Ticket ticket(ResultSet rs) throws SQLException {
        long reporter = rs.getLong(6);
        Long reporterId = rs.wasNull() ? null : reporter;
        return new Ticket(rs.getLong(1), rs.getString(2), rs.getString(3), Priority.valueOf(rs.getString(4)),
                TicketStatus.valueOf(rs.getString(5)), reporterId, rs.getObject(7, UUID.class),
                rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getObject(9, OffsetDateTime.class).toInstant());
    }
}
