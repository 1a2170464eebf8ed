package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.DatabaseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tickets API on a real embedded PostgreSQL, fed what clients get wrong: each bad request gets its 4xx status,
 * and the log shows no stack trace for it. Requests go over a raw socket so that every byte is the test's choice.
 */
class BadRequestsTest {

    private static final String JSON = "Content-Type: application/json\r\n";

    private static EmbeddedDatabase database;
    private static TicketsService service;

    /**
     * @param name what is wrong
     * @param method the request method
     * @param target the request target, exactly as sent
     * @param headers extra header lines, each ending in CRLF
     * @param body the body bytes; a Content-Length is added unless {@code headers} has one or a Transfer-Encoding
     * @param status the status the API must answer
     */
    record Case(String name, String method, String target, String headers, byte[] body, int status) {
        @Override
        public String toString() {
            return name + " -> " + status;
        }
    }

    private static Case get(String name, String target, int status) {
        return new Case(name, "GET", target, "", new byte[0], status);
    }

    private static Case post(String name, String target, String headers, String body, int status) {
        return new Case(name, "POST", target, headers, body.getBytes(StandardCharsets.UTF_8), status);
    }

    private static Case postBytes(String name, String headers, byte[] body, int status) {
        return new Case(name, "POST", "/api/tickets", headers, body, status);
    }

    private static Case method(String method, String target) {
        return new Case(method + " " + target, method, target, "", new byte[0], 405);
    }

    static Stream<Case> badRequests() {
        List<Case> c = new ArrayList<>();
        // query strings and ids
        c.add(get("a lone % in the query", "/api/tickets?status=%", 400));
        c.add(get("a % followed by non-hex", "/api/tickets?status=%zz", 400));
        c.add(get("a truncated UTF-8 escape", "/api/tickets?status=%E0%A4", 400));
        c.add(get("an overlong UTF-8 encoding of '/'", "/api/tickets?status=%C0%AF", 400));
        c.add(get("NUL in a query value", "/api/tickets?status=Open%00", 400));
        c.add(get("an unknown status", "/api/tickets?status=Done", 400));
        c.add(get("Arabic-Indic digits as the limit", "/api/tickets?limit=%D9%A1%D9%A2", 400));
        c.add(get("a signed limit", "/api/tickets?limit=%2B5", 400));
        c.add(get("a limit with a space", "/api/tickets?limit=+5", 400));
        c.add(get("a hex limit", "/api/tickets?limit=0x10", 400));
        c.add(get("an overflowing limit", "/api/tickets?limit=99999999999999999999", 400));
        c.add(get("a zero limit", "/api/tickets?limit=0", 400));
        c.add(get("a query over 2048 characters", "/api/tickets?status=" + "a".repeat(3000), 414));
        c.add(get("Arabic-Indic digits as an id", "/api/tickets/%D9%A1%D9%A2%D9%A3", 404));
        c.add(get("a signed id", "/api/tickets/%2B1", 404));
        c.add(get("an id with a leading space", "/api/tickets/%201", 404));
        c.add(get("a hex id", "/api/tickets/0x1", 404));
        c.add(get("an id that overflows a long", "/api/tickets/99999999999999999999", 404));
        c.add(get("a negative user id", "/api/users/-1", 404));
        c.add(get("an id with NUL", "/api/users/1%00", 404));
        // bodies
        c.add(post("malformed JSON", "/api/tickets", JSON, "{\"title\":", 400));
        c.add(post("a JSON array", "/api/tickets", JSON, "[1,2]", 400));
        c.add(post("a JSON null", "/api/tickets", JSON, "null", 400));
        c.add(post("an empty body", "/api/tickets", JSON, "", 400));
        c.add(post("trailing tokens", "/api/tickets", JSON, "{\"title\":\"t\"} {}", 400));
        c.add(post("a number as the title", "/api/tickets", JSON, "{\"title\":5}", 400));
        c.add(post("a boolean as the title", "/api/tickets", JSON, "{\"title\":true}", 400));
        c.add(post("an object as the title", "/api/tickets", JSON, "{\"title\":{\"a\":1}}", 400));
        c.add(post("text as the reporter id", "/api/tickets", JSON, "{\"title\":\"t\",\"reporterId\":\"12\"}", 400));
        c.add(post("a fraction as the reporter id", "/api/tickets", JSON, "{\"title\":\"t\",\"reporterId\":1.5}", 400));
        c.add(post("a reporter id that overflows", "/api/tickets", JSON,
                "{\"title\":\"t\",\"reporterId\":99999999999999999999999}", 400));
        c.add(post("a duplicate key", "/api/tickets", JSON, "{\"title\":\"a\",\"title\":\"b\"}", 400));
        c.add(post("an unknown field", "/api/tickets", JSON, "{\"title\":\"t\",\"owner\":1}", 400));
        c.add(post("NUL in the title", "/api/tickets", JSON, "{\"title\":\"a\\u0000b\"}", 400));
        c.add(post("NUL in the description", "/api/tickets", JSON, "{\"title\":\"t\",\"description\":\"x\\u0000\"}",
                400));
        c.add(post("an unpaired surrogate in the title", "/api/tickets", JSON, "{\"title\":\"\\ud800\"}", 400));
        c.add(post("a request key in Arabic-Indic digits", "/api/tickets", JSON,
                "{\"title\":\"t\",\"requestKey\":\"\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661-1111-1111-1111-"
                + "111111111111\"}", 400));
        c.add(post("NUL in a user's name", "/api/users", JSON, "{\"name\":\"A\\u0000\",\"email\":\"a@example.com\"}",
                400));
        c.add(post("NUL in a user's e-mail", "/api/users", JSON, "{\"name\":\"A\",\"email\":\"a\\u0000@example.com\"}",
                400));
        c.add(new Case("NUL in a status patch", "PATCH", "/api/tickets/1", JSON,
                "{\"status\":\"Open\\u0000\"}".getBytes(StandardCharsets.UTF_8), 400));
        c.add(postBytes("invalid UTF-8 in the body", JSON, new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"',
            (byte) 0xC3, (byte) 0x28, '"', '}'}, 400));
        c.add(post("an array nested 5,000 deep", "/api/tickets", JSON, "[".repeat(5000) + "]".repeat(5000), 400));
        c.add(post("a body over 64 KiB", "/api/tickets", JSON, "{\"title\":\"" + "x".repeat(70_000) + "\"}", 413));
        c.add(postBytes("a chunked body over 64 KiB", JSON + "Transfer-Encoding: chunked\r\n",
                chunked("{\"title\":\"" + "x".repeat(70_000) + "\"}"), 413));
        // headers
        c.add(post("Content-Type text/plain", "/api/tickets", "Content-Type: text/plain\r\n", "{\"title\":\"t\"}", 415));
        c.add(post("no Content-Type", "/api/tickets", "", "{\"title\":\"t\"}", 415));
        c.add(post("a UTF-16 charset", "/api/tickets", "Content-Type: application/json; charset=utf-16\r\n",
                "{\"title\":\"t\"}", 415));
        c.add(post("a gzip Content-Encoding", "/api/tickets", JSON + "Content-Encoding: gzip\r\n", "{\"title\":\"t\"}",
                415));
        c.add(post("an absurd Content-Length", "/api/tickets", JSON + "Content-Length: 99999999999\r\n",
                "{\"title\":\"t\"}", 413));
        // methods
        c.add(method("PUT", "/api/tickets/1"));
        c.add(method("DELETE", "/api/tickets/1"));
        c.add(method("TRACE", "/api/tickets"));
        c.add(method("OPTIONS", "/api/tickets"));
        c.add(method("PUT", "/api/users/1"));
        c.add(method("DELETE", "/api/users"));
        c.add(method("GET", "/api/users"));
        c.add(method("FOO", "/api/tickets"));
        c.add(method("get", "/api/tickets/1"));
        return c.stream();
    }

    private static byte[] chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += 8192) {
            int n = Math.min(8192, bytes.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(false);
        DatabaseOptions options = DatabaseOptions.builder().url(database.jdbcUrl()).username(database.username())
                .connectionTimeout(Duration.ofSeconds(5)).build();
        service = TicketsService.start(options, new ServiceSettings("127.0.0.1", 0, 0, Duration.ofHours(1), 8));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void eachBadRequestGetsItsStatusAndNoStackTraceInTheLog(Case bad) throws IOException {
        String log;
        int status;
        try (CapturedStderr captured = new CapturedStderr()) {
            status = send(service.apiUri(), bad);
            log = captured.text();
        }
        assertThat(status).as(bad.name()).isEqualTo(bad.status());
        assertThat(log).as("the log of " + bad.name()).doesNotContain("\tat ").doesNotContainPattern("Exception\\b")
                .doesNotContain("WARN").doesNotContain("ERROR");
    }

    /** Sends the request over a fresh socket; returns the status once the response's headers and body are in. */
    private static int send(URI base, Case c) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(c.method()).append(' ').append(c.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append("\r\nConnection: close\r\n").append(c.headers());
        String lower = c.headers().toLowerCase(Locale.ROOT);
        if (!lower.contains("content-length:") && !lower.contains("transfer-encoding:")
                && (c.body().length > 0 || !c.method().equals("GET"))) {
            head.append("Content-Length: ").append(c.body().length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(c.body());
                out.flush();
            } catch (IOException refusedBeforeTheWholeBody) {
                // a server may answer and close before reading an oversized body; the answer is still there
            }
            return readStatus(socket.getInputStream());
        }
    }

    private static int readStatus(InputStream in) throws IOException {
        String statusLine = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int ch = in.read(); ch != '\n'; ch = in.read()) {
            if (ch == -1) {
                throw new IOException("connection closed mid-response after: " + b);
            }
            if (ch != '\r') {
                b.write(ch);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
