package org.touchpoint.gateway.apikey;

import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.touchpoint.gateway.GatewayProperties;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /admin/**}: the caller's {@code X-API-Key} must be the bootstrap admin key (compared in
 * constant time) or a stored, usable key holding the {@code admin} scope. No or bad key: 401; a valid key
 * without {@code admin}: 403.
 * <p>
 * Whether a request is an admin request is decided with a {@link PathPattern} on the same path the handler
 * mapping matches ({@code pathWithinApplication()}: percent-decoded, matrix parameters removed), and ignoring
 * case, so every spelling that could reach an admin handler is guarded. {@code CanonicalPathFilter} has
 * already refused non-canonical spellings (matrix parameters, encoded characters, dot segments) with 400.
 */
@Component
class AdminApiAuthorizationFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(AdminApiAuthorizationFilter.class);

    static final String ADMIN_PATH = "/admin";

    /** {@code /admin} and everything below it, in any case (a superset of what the handler mapping serves). */
    static final PathPattern ADMIN_PATHS = adminPaths();

    private final ApiKeyAuthenticator authenticator;
    private final ProblemWriter problems;
    private final byte @Nullable [] bootstrapKeyDigest;

    AdminApiAuthorizationFilter(ApiKeyAuthenticator authenticator, ProblemWriter problems,
                                GatewayProperties properties) {
        this.authenticator = authenticator;
        this.problems = problems;
        String bootstrap = properties.bootstrapAdminKey();
        this.bootstrapKeyDigest = bootstrap == null ? null : ApiKeySecret.sha256(bootstrap);
        if (bootstrap == null) {
            log.info("No bootstrap admin key (CRM_GATEWAY_ADMIN_KEY): only stored keys with scope admin can use {}",
                    ADMIN_PATH);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isAdminRequest(exchange)) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(ApiKeyAuthenticationFilter.API_KEY_HEADER);
        if (presented != null && isBootstrapKey(presented)) {
            return chain.filter(exchange);
        }
        return authenticator.authenticate(presented).flatMap(outcome -> switch (outcome) {
            case ApiKeyAuthenticator.Authenticated(ApiKey key) when key.isAdmin() -> chain.filter(exchange);
            case ApiKeyAuthenticator.Authenticated ignored -> problems.write(exchange,
                    Problem.forbidden("This API key lacks the admin scope."));
            case ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason reason) ->
                    problems.write(exchange, ApiKeyAuthenticationFilter.unauthorized(reason));
            case ApiKeyAuthenticator.Unavailable() ->
                    problems.write(exchange, ApiKeyAuthenticationFilter.unavailable());
        });
    }

    private static boolean isAdminRequest(ServerWebExchange exchange) {
        return ADMIN_PATHS.matches(exchange.getRequest().getPath().pathWithinApplication());
    }

    private static PathPattern adminPaths() {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        return parser.parse(ADMIN_PATH + "/**");
    }

    /** Compares digests, so the comparison takes the same time whatever the presented key's length. */
    private boolean isBootstrapKey(String presented) {
        return bootstrapKeyDigest != null && MessageDigest.isEqual(bootstrapKeyDigest, ApiKeySecret.sha256(presented));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
