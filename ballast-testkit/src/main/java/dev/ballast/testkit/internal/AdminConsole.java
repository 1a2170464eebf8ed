package dev.ballast.testkit.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal PostgreSQL wire-protocol client for PgBouncer's admin console (database {@code pgbouncer}). pgjdbc
 * cannot be used there: the console reports its own version (1.x) as the server version, so pgjdbc sends
 * {@code SET extra_float_digits} at connect, which the console rejects. This speaks only what the console needs:
 * a trust login and simple queries.
 */
public final class AdminConsole {

    private static final int PROTOCOL_3 = 196608;
    private static final int TIMEOUT_MILLIS = 30_000;

    private AdminConsole() {}

    /**
     * Runs one command on the console and returns its rows.
     *
     * @param host the bouncer's host
     * @param port its port
     * @param user an admin user it trusts
     * @param command e.g. {@code SHOW POOLS}, {@code PAUSE}
     * @return one map per row, column name to text value (null for NULL), in column order; empty for commands
     * @throws SQLException with the console's SQLSTATE if it answers with an error, 08006 if the socket fails
     */
    public static List<Map<String, String>> run(String host, int port, String user, String command)
            throws SQLException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // buffered: PgBouncer drops a client whose start-up packet arrives split over several segments
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            startup(out, user);
            awaitReady(in, null, null);
            query(out, command);
            List<Map<String, String>> rows = new ArrayList<>();
            awaitReady(in, rows, new ArrayList<>());
            terminate(out);
            return rows;
        } catch (IOException e) {
            throw new SQLException("pgbouncer admin console on " + host + ":" + port + " failed: " + e, "08006", e);
        }
    }

    private static void startup(DataOutputStream out, String user) throws IOException {
        byte[] body = cstrings("user", user, "database", "pgbouncer", "");
        out.writeInt(8 + body.length);
        out.writeInt(PROTOCOL_3);
        out.write(body);
        out.flush();
    }

    private static void query(DataOutputStream out, String sql) throws IOException {
        byte[] body = cstrings(sql);
        out.writeByte('Q');
        out.writeInt(4 + body.length);
        out.write(body);
        out.flush();
    }

    private static void terminate(DataOutputStream out) throws IOException {
        out.writeByte('X');
        out.writeInt(4);
        out.flush();
    }

    /** Reads messages until ReadyForQuery, collecting rows; throws the first ErrorResponse after it is drained. */
    private static void awaitReady(DataInputStream in, List<Map<String, String>> rows, List<String> columns)
            throws IOException, SQLException {
        SQLException error = null;
        while (true) {
            int type = in.readUnsignedByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            switch (type) {
                case 'R' -> {
                    int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8)
                            | (body[3] & 0xff);
                    if (code != 0) {
                        throw new SQLException("pgbouncer admin console asks for authentication (type " + code
                                + "); the testkit logs in with trust", "28000");
                    }
                }
                case 'T' -> columns.addAll(columnNames(body));
                case 'D' -> rows.add(row(body, columns));
                case 'E' -> error = error(body);
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return;
                }
                default -> { } // ParameterStatus, BackendKeyData, CommandComplete, NoticeResponse: nothing to keep
            }
        }
    }

    private static List<String> columnNames(byte[] body) {
        List<String> names = new ArrayList<>();
        int count = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        int at = 2;
        for (int i = 0; i < count; i++) {
            int end = at;
            while (body[end] != 0) {
                end++;
            }
            names.add(new String(body, at, end - at, StandardCharsets.UTF_8));
            at = end + 1 + 18; // table oid, column no, type oid, size, modifier, format
        }
        return names;
    }

    private static Map<String, String> row(byte[] body, List<String> columns) {
        Map<String, String> row = new LinkedHashMap<>();
        int count = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        int at = 2;
        for (int i = 0; i < count; i++) {
            int len = ((body[at] & 0xff) << 24) | ((body[at + 1] & 0xff) << 16) | ((body[at + 2] & 0xff) << 8)
                    | (body[at + 3] & 0xff);
            at += 4;
            String value = len < 0 ? null : new String(body, at, len, StandardCharsets.UTF_8);
            at += Math.max(len, 0);
            row.put(i < columns.size() ? columns.get(i) : "column" + (i + 1), value);
        }
        return row;
    }

    private static SQLException error(byte[] body) {
        String state = "XX000";
        String message = "";
        int at = 0;
        while (at < body.length && body[at] != 0) {
            byte field = body[at++];
            int end = at;
            while (body[end] != 0) {
                end++;
            }
            String value = new String(body, at, end - at, StandardCharsets.UTF_8);
            at = end + 1;
            if (field == 'C') {
                state = value;
            } else if (field == 'M') {
                message = value;
            }
        }
        return new SQLException("pgbouncer admin console: " + message, state);
    }

    private static byte[] cstrings(String... values) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String v : values) {
            bytes.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }
}
