package dev.ballast.spring.demo;

import dev.ballast.demo.api.NewTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.TicketPatch;
import dev.ballast.demo.http.JsonRequest;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads the tickets API's request bodies ({@link NewTicket}, {@link NewUser}, {@link TicketPatch}) with the plain
 * demo's {@link JsonRequest}, so that a bad body gets the same answer here as there: 415 for a body that is not JSON
 * in UTF-8 or is compressed, 413 past 64 KiB, 400 naming the field for an unknown field, a wrong JSON type or
 * malformed JSON. It accepts every media type so that the refusal is its own, in the plain demo's words, rather than
 * Spring's. Spring Boot puts a converter bean ahead of its defaults; it writes nothing (responses use Spring's JSON
 * converter). Thread-safe.
 */
@Component
public class ApiBodyReader implements HttpMessageConverter<Object> {

    private static final Set<Class<?>> BODIES = Set.of(NewTicket.class, NewUser.class, TicketPatch.class);

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return BODIES.contains(clazz);
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public List<MediaType> getSupportedMediaTypes() {
        return List.of(MediaType.ALL);
    }

    @Override
    public Object read(Class<?> clazz, HttpInputMessage inputMessage) throws IOException {
        HttpHeaders headers = inputMessage.getHeaders();
        // the header as the client sent it: Spring's view of it adds the charset the servlet container assumed
        String contentType = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? servlet.getRequest().getHeader(HttpHeaders.CONTENT_TYPE)
                : headers.getFirst(HttpHeaders.CONTENT_TYPE);
        return JsonRequest.read(contentType,
                headers.getFirst(HttpHeaders.CONTENT_ENCODING), headers.getFirst(HttpHeaders.CONTENT_LENGTH),
                inputMessage.getBody(), clazz);
    }

    @Override
    public void write(Object value, MediaType contentType, HttpOutputMessage outputMessage) {
        throw new UnsupportedOperationException("ApiBodyReader only reads request bodies");
    }
}
