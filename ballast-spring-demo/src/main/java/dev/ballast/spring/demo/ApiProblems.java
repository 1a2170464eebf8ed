package dev.ballast.spring.demo;

import dev.ballast.demo.api.Problem;
import dev.ballast.demo.http.Failure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers every failure of the tickets API as the plain demo does, with its {@link Failure} rules: a
 * {@code ValidationException} is 400 naming the fields, an open circuit 503 with {@code Retry-After}, a commit whose
 * outcome could not be verified 500 "Commit outcome unknown", a unique violation 409, a transient failure that
 * outlived the retries 503, anything else 500 with a correlation id that the log line carries too. Spring wraps JDBC
 * exceptions ({@code DataAccessException}, {@code TransactionException}); {@link Failure#find} looks through them.
 * An unknown path is 404 and a known path with the wrong method 405 with {@code Allow}, in the same words.
 */
@RestControllerAdvice
public class ApiProblems {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);
    private static final List<HttpMethod> METHOD_ORDER = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH);

    /**
     * @param request the request
     * @return 404 "No resource at …", for a path that names nothing
     */
    static ResponseEntity<Object> noResource(HttpServletRequest request) {
        String path = request.getRequestURI();
        return answer(Problem.of(404, "Not Found", "No resource at " + path + ".", path));
    }

    /**
     * @param problem the problem
     * @return it as {@code application/problem+json} with its status
     */
    static ResponseEntity<Object> answer(Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * @param e no handler and no resource for the path
     * @param request the request
     * @return 404
     */
    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Object> unknownPath(NoResourceFoundException e, HttpServletRequest request) {
        return noResource(request);
    }

    /**
     * @param e a known path with a method it does not take
     * @param request the request
     * @return 405 with {@code Allow}
     */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Object> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> supported = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
        String allow = METHOD_ORDER.stream().filter(supported::contains).map(HttpMethod::name)
                .collect(Collectors.joining(", "));
        return ResponseEntity.status(405).header(HttpHeaders.ALLOW, allow)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problem.of(405, "Method Not Allowed", request.getMethod() + " is not supported here; use "
                        + allow + ".", request.getRequestURI()));
    }

    /**
     * @param e what a handler (or Ballast, or Spring's transaction support) threw
     * @param request the request
     * @return the answer {@link Failure#find} decides
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> failure(Exception e, HttpServletRequest request) {
        String path = request.getRequestURI();
        Failure failure = Failure.find(e, path);
        if (failure.status() == 500) {
            String id = String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
            LOG.warn("{} {} failed [correlation id {}]", request.getMethod(), path, id, e);
            failure = failure.withCorrelationId(id);
        } else if (failure.status() == 503) {
            LOG.debug("{} {}: database unavailable: {}", request.getMethod(), path, e.toString());
        } else {
            LOG.debug("{} {}: {} {}", request.getMethod(), path, failure.status(), failure.problem().detail());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(failure.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        failure.retryAfterSeconds().ifPresent(s -> answer.header(HttpHeaders.RETRY_AFTER, Long.toString(s)));
        return answer.body(failure.problem());
    }
}
