package dev.ballast.demo.http;

/**
 * A request the API refuses for its form rather than its fields: the wrong media type (415), a body too large (413),
 * a URI too long (414). Answered with a problem of its status and never logged with a stack trace.
 */
final class ClientError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

    private ClientError(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    static ClientError unsupportedMediaType(String detail) {
        return new ClientError(415, "Unsupported Media Type", detail);
    }

    static ClientError tooLarge(int maxBytes) {
        return new ClientError(413, "Content Too Large", "The body must be at most " + maxBytes + " bytes.");
    }

    static ClientError uriTooLong(int maxChars) {
        return new ClientError(414, "URI Too Long", "The path and query must be at most " + maxChars
                + " characters.");
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
