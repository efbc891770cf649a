package org.touchpoint.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import reactor.core.publisher.Mono;

/**
 * Security headers on every answer, the gateway's own and the services' alike: no MIME sniffing, no framing, no
 * referrer, HSTS, and a Content-Security-Policy that allows nothing for JSON answers (the Swagger UI under
 * {@code /docs} and {@code /swagger-ui} get a policy that lets it run). It wraps the whole HTTP handler, outside
 * every web filter, so even the earliest refusals (400 non-canonical path, 413) carry them; they are set just
 * before the response is committed, so a service's own headers cannot drop them.
 */
@Component
class SecurityHeadersFilter implements HttpHandlerDecoratorFactory {

    private final WebProperties.SecurityHeaders headers;

    SecurityHeadersFilter(WebProperties properties) {
        this.headers = properties.securityHeaders();
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            addBeforeCommit(request, response);
            return handler.handle(request, response);
        };
    }

    private void addBeforeCommit(ServerHttpRequest request, ServerHttpResponse response) {
        String path = request.getPath().value();
        boolean docs = path.equals("/docs") || path.startsWith("/docs/") || path.startsWith("/swagger-ui/")
                || path.startsWith("/webjars/");
        response.beforeCommit(() -> {
            HttpHeaders answer = response.getHeaders();
            answer.set("X-Content-Type-Options", "nosniff");
            answer.set("X-Frame-Options", "DENY");
            answer.set("Referrer-Policy", "no-referrer");
            answer.set("Content-Security-Policy", docs ? headers.docsPolicy() : headers.contentSecurityPolicy());
            if (headers.hsts() != null && !headers.hsts().isBlank()) {
                answer.set("Strict-Transport-Security", headers.hsts());
            }
            return Mono.empty();
        });
    }
}
