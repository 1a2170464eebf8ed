package dev.ballast.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application's writes are replayed whole by the starter: a real serialization failure (SQLSTATE 40001, raised
 * by a trigger on the first attempt only, counted by a sequence, which a rollback does not undo) makes the first
 * transaction fail, and the client still gets 201 with the ticket stored once. Without the replay the answer would
 * be the 503 of a transient failure.
 */
@WithPostgres
class TicketWritesReplayTest {

    private static final String TITLE = "Conflicts once";

    private static ConfigurableApplicationContext context;
    private static URI base;
    private static String url;
    private static String user;

    @BeforeAll
    static void start(PostgresServer pg) throws Exception {
        url = pg.createDatabase("tickets");
        user = pg.username();
        context = SpringApplication.run(TicketsApplication.class, "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user, "--spring.datasource.ballast.retry-delay-seconds=0.05",
                "--server.port=0");
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort()
                + "/");
        sql("CREATE SEQUENCE attempts",
                "CREATE FUNCTION conflict_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.title = '" + TITLE + "' AND nextval('attempts') = 1 THEN "
                + "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END IF; "
                + "RETURN NEW; END $$",
                "CREATE TRIGGER conflict_once BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION conflict_once()");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aTicketWhoseFirstTransactionMeetsASerializationFailureIsCreatedOnce() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.resolve("api/tickets")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + TITLE + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(count("SELECT last_value FROM attempts")).as("attempts").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM tickets WHERE title = '" + TITLE + "'")).as("rows").isEqualTo(1);
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static long count(String query) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", user);
        return DriverManager.getConnection(url, props);
    }
}
