package dev.ballast.demo.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7807 / RFC 9457 problem ({@code application/problem+json}), in the shape ASP.NET Core writes, so clients
 * of the ported .NET service read it unchanged. Validation problems carry {@code errors}: field name to messages.
 *
 * @param type a URI identifying the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status code
 * @param detail what happened this time, for people; may be null
 * @param instance the request path; may be null
 * @param errors for validation problems, each invalid field and what is wrong with it; otherwise null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        Map<String, List<String>> errors) {

    /** The {@code type} of a validation problem (ASP.NET's). */
    public static final String VALIDATION_TYPE = "https://tools.ietf.org/html/rfc9110#section-15.5.1";

    /**
     * @param status the HTTP status code
     * @param title the summary
     * @param detail the particulars, or null
     * @param instance the request path, or null
     * @return a problem of a standard kind ({@code type} {@code about:blank})
     */
    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance, null);
    }

    /**
     * @param errors field name to messages, in a stable order
     * @param instance the request path
     * @return a 400 validation problem
     */
    public static Problem validation(Map<String, List<String>> errors, String instance) {
        return new Problem(VALIDATION_TYPE, "One or more validation errors occurred.", 400,
                "Invalid field(s): " + String.join(", ", errors.keySet()), instance, errors);
    }
}
