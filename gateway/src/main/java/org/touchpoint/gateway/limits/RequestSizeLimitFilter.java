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
            // Read (and drop) the body before answering, up to a bound: answering while the client is still sending
            // and then closing makes the kernel reset the connection, and many clients (the JDK's among them) then
            // lose the 413 and report "connection reset" instead. Beyond the bound, answer anyway and close.
            return discard(request, Math.min(declared, DRAIN_LIMIT)).then(Mono.defer(() -> problems.write(exchange, tooLarge())));
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

    /** How much of an oversized body is read and dropped so the 413 reaches the client; and for how long at most. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(10);

    private static Mono<Void> discard(ServerHttpRequest request, long limit) {
        AtomicLong seen = new AtomicLong();
        return request.getBody()
                .takeWhile(buffer -> {
                    long total = seen.addAndGet(buffer.readableByteCount());
                    DataBufferUtils.release(buffer);
                    return total < limit;
                })
                .then()
                .timeout(DRAIN_TIMEOUT, Mono.empty())
                .onErrorResume(e -> Mono.empty());
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
