package org.touchpoint.gateway.problem;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers (unknown path, wrong method, unreadable body, unexpected failure)
 * becomes {@code application/problem+json}; no stack trace or exception message of a 5xx reaches the client.
 * Runs before Boot's default handler (order -1).
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    private final ProblemWriter writer;

    ProblemErrorHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        return writer.write(exchange, toProblem(exchange, ex));
    }

    private Problem toProblem(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ProblemException problem) {
            return problem.problem();
        }
        if (ex instanceof WebExchangeBindException bind) {
            List<Problem.FieldError> errors = bind.getFieldErrors().stream()
                    .map(e -> new Problem.FieldError(e.getField(), String.valueOf(e.getDefaultMessage())))
                    .toList();
            return Problem.badRequest("The request body is invalid.", errors);
        }
        if (ex instanceof DataBufferLimitException) {
            return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "Content too large", "The request body is too large.");
        }
        if (ex instanceof ErrorResponse error) {
            HttpStatusCode status = error.getStatusCode();
            if (status.is5xxServerError()) {
                log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
                return withHeaders(Problem.of(status, title(status), null), error.getHeaders());
            }
            String detail = status.value() == 404
                    ? "Nothing here: " + exchange.getRequest().getPath().value()
                    : error.getBody().getDetail();
            return withHeaders(Problem.of(status, title(status), detail), error.getHeaders());
        }
        log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", null);
    }

    private static Problem withHeaders(Problem problem, HttpHeaders headers) {
        problem.headers().putAll(headers);
        return problem;
    }

    /** "Method Not Allowed" becomes "Method not allowed", in line with the gateway's other titles. */
    private static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "Error " + status.value();
        }
        String phrase = known.getReasonPhrase();
        return phrase.charAt(0) + phrase.substring(1).toLowerCase(Locale.ROOT);
    }
}
