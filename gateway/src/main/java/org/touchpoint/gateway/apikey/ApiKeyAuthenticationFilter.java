package org.touchpoint.gateway.apikey;

import java.net.InetSocketAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayProperties;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.ratelimit.RateLimitProperties;
import org.touchpoint.gateway.token.Caller;
import org.touchpoint.gateway.token.InternalTokenIssuer;
import org.touchpoint.gateway.usage.UsageRecorder;
import org.touchpoint.gateway.user.UserTokenAuthenticator;
import org.touchpoint.gateway.token.Principal;
import reactor.core.publisher.Mono;

/**
 * Authenticates every routed request: a partner by its {@code X-API-Key} (checked against the key's IP
 * allowlist), or a user of a front-end app by an {@code Authorization: Bearer} JWT of the configured issuer
 * ({@link UserTokenAuthenticator}); an API key, when present, wins. It then forwards the request with the internal
 * token in place of the client's credentials: {@code X-API-Key}, the client's {@code Authorization} and any
 * spoofable identity header never reach a service. The {@link Caller} goes into an exchange attribute for the scope
 * check and the rate limit that follow; once the answer is known its status is counted (usage per partner key,
 * Prometheus totals per principal kind). Runs before the request body is read (body caching runs at
 * {@code HIGHEST_PRECEDENCE + 1000}).
 * <p>
 * As a global filter it runs for every request a route matched, whatever the path: there is no path test here
 * to get around. Route predicates match the same decoded path as the handler mapping, and
 * {@code CanonicalPathFilter} has already refused (400) any path whose raw form a service could read
 * differently (matrix parameters, encoded characters, dot or empty segments), so nothing is smuggled past it.
 * Public routes ({@code crm-public}, only under {@code /public/}) and OpenAPI document routes ({@code crm-docs},
 * only GET under {@code /docs/}) are forwarded with no credential at all.
 */
@Component
class ApiKeyAuthenticationFilter implements GlobalFilter, Ordered {

    static final String API_KEY_HEADER = "X-API-Key";
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final ApiKeyAuthenticator authenticator;
    private final InternalTokenIssuer tokens;
    private final ProblemWriter problems;
    private final List<String> strippedHeaders;

    private final UserTokenAuthenticator users;
    private final UsageRecorder usage;
    private final String defaultTier;
    private final String userTier;

    ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, InternalTokenIssuer tokens,
                               ProblemWriter problems, GatewayProperties properties, UserTokenAuthenticator users,
                               UsageRecorder usage, RateLimitProperties rateLimits) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.problems = problems;
        this.strippedHeaders = List.copyOf(properties.strippedRequestHeaders());
        this.users = users;
        this.usage = usage;
        this.defaultTier = rateLimits.defaultTier();
        this.userTier = rateLimits.userTier();
    }

    static final String BEARER = "Bearer ";

    /** Route metadata key marking a route public (no API key); it must only match {@value #PUBLIC_PREFIX}. */
    static final String PUBLIC_ROUTE = "crm-public";
    static final String PUBLIC_PREFIX = "/public/";
    /** Route metadata key marking a route to a service's OpenAPI document; it must only match {@value #DOCS_PREFIX}. */
    static final String DOCS_ROUTE = "crm-docs";
    static final String DOCS_PREFIX = "/docs/";

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
        if (route != null && Boolean.parseBoolean(String.valueOf(route.getMetadata().get(DOCS_ROUTE)))) {
            // A service's OpenAPI document for the Swagger UI under /docs: read-only, no credential forwarded.
            if (!exchange.getRequest().getPath().value().startsWith(DOCS_PREFIX)
                    || exchange.getRequest().getMethod() != org.springframework.http.HttpMethod.GET) {
                return problems.write(exchange, Problem.of(HttpStatus.NOT_FOUND, "Not found",
                        "No public resource at this path."));
            }
            return chain.filter(anonymous(exchange));
        }
        String routeId = route == null ? "unrouted" : route.getId();
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String presented = headers.getFirst(API_KEY_HEADER);
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if ((presented == null || presented.isEmpty()) && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authenticateUser(exchange, chain, authorization.substring(BEARER.length()).strip(), routeId);
        }
        return authenticator.authenticate(presented).flatMap(outcome -> switch (outcome) {
            case ApiKeyAuthenticator.Authenticated(ApiKey key) -> {
                if (!key.allowsAddress(remoteAddress(exchange))) {
                    yield problems.write(exchange, Problem.forbidden(
                            "This API key may not be used from this address."));
                }
                Caller caller = new Caller(Principal.partnerKey(key.id(), key.partner(), key.scopes()), key.id(),
                        key.rateLimitTier() == null ? defaultTier : key.rateLimitTier());
                yield proceed(exchange, chain, caller, routeId);
            }
            case ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason reason) ->
                    problems.write(exchange, unauthorized(reason));
            case ApiKeyAuthenticator.Unavailable() -> problems.write(exchange, unavailable());
        });
    }

    private Mono<Void> authenticateUser(ServerWebExchange exchange, GatewayFilterChain chain, String token,
                                        String routeId) {
        return users.authenticate(token).flatMap(outcome -> switch (outcome) {
            case UserTokenAuthenticator.Authenticated(Principal principal) ->
                    proceed(exchange, chain, new Caller(principal, null, userTier), routeId);
            case UserTokenAuthenticator.Rejected(String detail) -> problems.write(exchange,
                    Problem.unauthorized(detail).withHeader(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"touchpoint\", error=\"invalid_token\""));
            case UserTokenAuthenticator.Unavailable() -> problems.write(exchange, Problem.of(
                    HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "User tokens cannot be checked right now. Retry later.").withHeader(HttpHeaders.RETRY_AFTER, "5"));
        });
    }

    /**
     * Forwards with the internal token, records the caller for the scope and rate-limit filters after this one,
     * and counts the answer (usage per key, Prometheus totals) once it is known.
     */
    private Mono<Void> proceed(ServerWebExchange exchange, GatewayFilterChain chain, Caller caller, String routeId) {
        ServerWebExchange forwarded = forward(exchange, caller.principal());
        forwarded.getAttributes().put(Caller.ATTRIBUTE, caller);
        return chain.filter(forwarded).doFinally(signal -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            int code = status == null ? 200 : status.value();
            if (caller.apiKeyId() != null) {
                usage.record(caller.apiKeyId(), routeId, code, caller.principal().kind());
            }
            else {
                usage.countInPrometheus(routeId, code, caller.principal().kind());
            }
        });
    }

    private static java.net.@Nullable InetAddress remoteAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null ? null : remote.getAddress();
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

    private ServerWebExchange forward(ServerWebExchange exchange, Principal principal) {
        String token = tokens.tokenFor(principal);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(API_KEY_HEADER);
            headers.remove(HttpHeaders.AUTHORIZATION);
            strippedHeaders.forEach(headers::remove);
            headers.set(InternalTokenContract.HEADER, InternalTokenContract.BEARER_PREFIX + token);
        }).build();
        return exchange.mutate().request(request).build();
    }

    static Problem unauthorized(ApiKeyAuthenticator.Reason reason) {
        Problem problem = Problem.unauthorized(reason == ApiKeyAuthenticator.Reason.MISSING
                ? "Send your API key in the X-API-Key header (partners), or a user token in Authorization: Bearer."
                : "The API key is invalid, expired or revoked.");
        if (reason == ApiKeyAuthenticator.Reason.MISSING) {
            problem.headers().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"touchpoint\"");
        }
        return problem;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
