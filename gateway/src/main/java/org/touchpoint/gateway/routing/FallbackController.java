package org.touchpoint.gateway.routing;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Where each route's circuit breaker forwards a failed call ({@code fallbackUri: forward:/fallback/<route-id>}).
 * A service that did not answer in time: 504; refused connections, open breaker, other failures: 503.
 * Only reachable through a circuit breaker; a client calling it directly gets 404.
 */
@RestController
class FallbackController {

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private final ProblemWriter problems;

    FallbackController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/fallback/{routeId}")
    Mono<Void> fallback(@PathVariable String routeId, ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (failure == null) {
            return problems.write(exchange, Problem.notFound("No route for " + exchange.getRequest().getPath() + "."));
        }
        String path = originalPath(exchange);
        if (isTimeout(failure)) {
            log.warn("{} did not answer {} in time: {}", routeId, path, failure.toString());
            return problems.write(exchange, Problem.of(HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout",
                    "The " + routeId + " did not answer in time. Retry later."), path);
        }
        if (failure instanceof CallNotPermittedException) {
            log.debug("{} circuit open", routeId);
            return problems.write(exchange, Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The " + routeId + " is unavailable (circuit open). Retry later."), path);
        }
        log.warn("{} is unavailable for {}: {}", routeId, path, failure.toString());
        return problems.write(exchange, Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The " + routeId + " is unavailable. Retry later."), path);
    }

    /** The path the client asked for; the forward to this controller replaced the request's own. */
    private static String originalPath(ServerWebExchange exchange) {
        Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        if (originals != null && !originals.isEmpty()) {
            return originals.iterator().next().getRawPath();
        }
        return exchange.getRequest().getPath().value();
    }

    /** The Resilience4j time limiter or the route's response timeout (which the gateway turns into a 504). */
    static boolean isTimeout(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504) {
                return true;
            }
        }
        return false;
    }
}
