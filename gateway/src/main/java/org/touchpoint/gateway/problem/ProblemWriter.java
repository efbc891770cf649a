package org.touchpoint.gateway.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as {@code application/problem+json} straight to the response, whatever the
 * client's {@code Accept} header says: error answers never go through content negotiation.
 */
@Component
public class ProblemWriter {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        return write(exchange, problem, exchange.getRequest().getPath().value());
    }

    /** With an explicit {@code instance}, e.g. the client's original path of a forwarded request. */
    public Mono<Void> write(ServerWebExchange exchange, Problem problem, String instance) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] bytes = json.writeValueAsBytes(problem.body(instance));
        response.setStatusCode(problem.status());
        response.getHeaders().putAll(problem.headers());
        response.getHeaders().setContentType(PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        response.getHeaders().setCacheControl("no-store");
        if (declaresBody(exchange)) {
            // Answered before the body was read: close the connection rather than leave unread bytes on it,
            // which would stall the client's next request on the same keep-alive connection.
            response.getHeaders().setConnection("close");
        }
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    private static boolean declaresBody(ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(org.springframework.http.HttpHeaders.TRANSFER_ENCODING);
    }
}
