package org.touchpoint.gateway.scope;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.token.Caller;
import reactor.core.publisher.Mono;

/**
 * Refuses (403 problem+json) a routed request whose caller lacks the scope {@link ScopeRules} requires for its
 * method and path, before it reaches the service (which checks the same scope again). Runs right after
 * authentication; public routes have no caller and are not checked.
 */
@Component
public class ScopeFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ScopeFilter.class);

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 110;

    private final ScopeRules rules;
    private final ProblemWriter problems;

    ScopeFilter(ScopeRules rules, ProblemWriter problems) {
        this.rules = rules;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String required = rules.requiredScope(request.getMethod(), request.getPath().pathWithinApplication());
        if (required == null) {
            log.warn("No scope rule covers {} {}: refused. Add one to crm.gateway.scopes.rules.", request.getMethod(),
                    request.getPath());
            return problems.write(exchange, Problem.forbidden("No scope grants " + request.getMethod() + " on this path."));
        }
        if (!caller.hasScope(required)) {
            return problems.write(exchange, new Problem(HttpStatusCode.valueOf(403), "Forbidden",
                    "This request needs the scope " + required + ".", Map.of("requiredScope", required),
                    new HttpHeaders()));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
