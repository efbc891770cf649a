package org.touchpoint.gateway.apikey;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayProperties;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.token.InternalTokenIssuer;
import org.touchpoint.gateway.token.Principal;
import reactor.core.publisher.Mono;

/**
 * Authenticates every routed request by its {@code X-API-Key}, then forwards it with the internal token in
 * place of the client's credentials: {@code X-API-Key}, the client's {@code Authorization} and any spoofable
 * identity header never reach a service. Runs before the request body is read (body caching runs at
 * {@code HIGHEST_PRECEDENCE + 1000}).
 * <p>
 * As a global filter it runs for every request a route matched, whatever the path: there is no path test here
 * to get around. Route predicates match the same decoded path as the handler mapping, and
 * {@code CanonicalPathFilter} has already refused (400) any path whose raw form a service could read
 * differently (matrix parameters, encoded characters, dot or empty segments), so nothing is smuggled past it.
 */
@Component
class ApiKeyAuthenticationFilter implements GlobalFilter, Ordered {

    static final String API_KEY_HEADER = "X-API-Key";
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final ApiKeyAuthenticator authenticator;
    private final InternalTokenIssuer tokens;
    private final ProblemWriter problems;
    private final List<String> strippedHeaders;

    ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, InternalTokenIssuer tokens,
                               ProblemWriter problems, GatewayProperties properties) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.problems = problems;
        this.strippedHeaders = List.copyOf(properties.strippedRequestHeaders());
    }

    /** Route metadata key marking a route public (no API key); it must only match {@value #PUBLIC_PREFIX}. */
    static final String PUBLIC_ROUTE = "crm-public";
    static final String PUBLIC_PREFIX = "/public/";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null && Boolean.parseBoolean(String.valueOf(route.getMetadata().get(PUBLIC_ROUTE)))) {
            if (!exchange.getRequest().getPath().value().startsWith(PUBLIC_PREFIX)) {
                // A misconfigured public route must not open a private path: refuse rather than forward.
                return problems.write(exchange, Problem.of(HttpStatus.NOT_FOUND, "Not found",
                        "No public resource at this path."));
            }
            return chain.filter(anonymous(exchange));
        }
        String presented = exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
        return authenticator.authenticate(presented).flatMap(outcome -> switch (outcome) {
            case ApiKeyAuthenticator.Authenticated(ApiKey key) -> chain.filter(forward(exchange, key));
            case ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason reason) ->
                    problems.write(exchange, unauthorized(reason));
            case ApiKeyAuthenticator.Unavailable() -> problems.write(exchange, unavailable());
        });
    }

    /** Forwards a public request with no credential of any kind: nothing the client sent can pose as a principal. */
    private ServerWebExchange anonymous(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(API_KEY_HEADER);
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.remove(InternalTokenContract.HEADER);
            strippedHeaders.forEach(headers::remove);
        }).build();
        return exchange.mutate().request(request).build();
    }

    static Problem unavailable() {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "API keys cannot be checked right now. Retry later.").withHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    private ServerWebExchange forward(ServerWebExchange exchange, ApiKey key) {
        String token = tokens.tokenFor(Principal.partnerKey(key.id(), key.partner(), key.scopes()));
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(API_KEY_HEADER);
            headers.remove(HttpHeaders.AUTHORIZATION);
            strippedHeaders.forEach(headers::remove);
            headers.set(InternalTokenContract.HEADER, InternalTokenContract.BEARER_PREFIX + token);
        }).build();
        return exchange.mutate().request(request).build();
    }

    static Problem unauthorized(ApiKeyAuthenticator.Reason reason) {
        return Problem.unauthorized(reason == ApiKeyAuthenticator.Reason.MISSING
                ? "Send your API key in the X-API-Key header."
                : "The API key is invalid, expired or revoked.");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
