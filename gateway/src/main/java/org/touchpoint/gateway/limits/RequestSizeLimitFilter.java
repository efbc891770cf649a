package org.touchpoint.gateway.limits;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.touchpoint.gateway.GatewayProperties;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects request bodies larger than {@code crm.gateway.max-body-size} with 413: at once when
 * {@code Content-Length} says so, otherwise (chunked bodies) as soon as the bytes read exceed the limit.
 * Applies to everything the gateway serves, routed or not.
 */
@Component
class RequestSizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final DataSize maxBodySize;
    private final ProblemWriter problems;

    RequestSizeLimitFilter(GatewayProperties properties, ProblemWriter problems) {
        this.maxBodySize = properties.maxBodySize();
        this.maxBytes = maxBodySize.toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return problems.write(exchange, tooLarge());
        }
        if (declared >= 0) {
            // The server reads at most Content-Length bytes of an HTTP/1.1 body: nothing more to count.
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong total = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (total.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(new BodyTooLargeException());
                    }
                    else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(RequestSizeLimitFilter::causedByTooLarge, e -> problems.write(exchange, tooLarge()));
    }

    private Problem tooLarge() {
        return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "Content too large",
                "The request body exceeds the limit of " + maxBodySize.toKilobytes() + " KB.");
    }

    private static boolean causedByTooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super("request body too large", null, false, false);
        }
    }
}
