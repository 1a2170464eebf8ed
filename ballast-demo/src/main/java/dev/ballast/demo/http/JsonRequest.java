package dev.ballast.demo.http;

import dev.ballast.demo.api.ValidationException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSON request body the one way every adapter of the tickets API reads it (the JDK server's
 * {@link TicketsApi} and the Spring Boot demo's controllers alike), so that the same bad request gets the same
 * answer from both: {@code Content-Type} must be JSON in UTF-8 (else 415), the body must not be compressed (415) nor
 * larger than {@value TicketsApi#MAX_BODY_BYTES} bytes (413, checked against {@code Content-Length} before reading),
 * and it is parsed strictly (400 naming the field). Stateless.
 */
public final class JsonRequest {

    private JsonRequest() {}

    /**
     * @param contentType the {@code Content-Type} header, or null
     * @param contentEncoding the {@code Content-Encoding} header, or null
     * @param contentLength the {@code Content-Length} header, or null
     * @param body the body; read here, not closed
     * @param type the record to read
     * @param <T> the record type
     * @return the record, or null for an empty body (validation then reports the missing body)
     * @throws ValidationException (400) naming the field, or {@code body} for malformed JSON
     * @throws RuntimeException a client error that {@link Failure#of} answers with 413 or 415
     * @throws IOException if the body cannot be read
     */
    public static <T> T read(String contentType, String contentEncoding, String contentLength, InputStream body,
            Class<T> type) throws IOException {
        RequestText.requireJson(contentType);
        if (contentEncoding != null && !contentEncoding.strip().equalsIgnoreCase("identity")) {
            throw ClientError.unsupportedMediaType("Content-Encoding '" + RequestText.printable(contentEncoding)
                    + "' is not supported: send the body uncompressed.");
        }
        long declared = contentLength == null ? 0 : RequestText.id(contentLength.strip());
        if (declared < 0 || declared > TicketsApi.MAX_BODY_BYTES) {
            throw ClientError.tooLarge(TicketsApi.MAX_BODY_BYTES);
        }
        byte[] bytes = body.readNBytes(TicketsApi.MAX_BODY_BYTES + 1);
        if (bytes.length > TicketsApi.MAX_BODY_BYTES) {
            throw ClientError.tooLarge(TicketsApi.MAX_BODY_BYTES);
        }
        return Json.readBody(bytes, type);
    }
}
