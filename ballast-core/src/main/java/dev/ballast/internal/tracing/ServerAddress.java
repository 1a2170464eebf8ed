package dev.ballast.internal.tracing;

import java.net.URI;

/** The first host, port and database of a PostgreSQL JDBC URL, for span attributes. */
record ServerAddress(String host, int port, String database) {

    static ServerAddress parse(String jdbcUrl) {
        try {
            String rest = jdbcUrl.substring("jdbc:postgresql:".length());
            if (!rest.startsWith("//")) {
                return new ServerAddress("localhost", 5432, rest.split("\\?")[0]);
            }
            String authority = rest.substring(2).split("[/?]", 2)[0].split(",")[0];
            URI uri = URI.create("postgresql://" + authority);
            String path = rest.substring(2 + rest.substring(2).split("[/?]", 2)[0].length());
            String db = path.startsWith("/") ? path.substring(1).split("\\?")[0] : "";
            return new ServerAddress(uri.getHost() == null ? "localhost" : uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(), db);
        } catch (RuntimeException e) {
            return new ServerAddress("unknown", 5432, "");
        }
    }
}
