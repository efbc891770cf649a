package org.touchpoint.gateway.routing;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Answers 400 to any request whose raw path is not in canonical form, before anything else looks at the path
 * (admin authorisation, routing, API-key authentication): the path decides who may do what, so the gateway,
 * its handler mapping and the services behind it must all read it the same way. A gateway for JSON APIs needs
 * none of these, and each is a known way to make one reader see another path than the next:
 * <ul>
 *     <li>{@code ;} anywhere (matrix / path parameters, which the handler mapping ignores: {@code /admin;x});</li>
 *     <li>a backslash, raw or encoded;</li>
 *     <li>a percent-encoded {@code /}, {@code ;}, {@code %} (double encoding), control character or unreserved
 *         character ({@code %2e}, {@code %61}...: letters, digits, {@code -._~} never need encoding, so encoding
 *         them only disguises the path); other encodings (space, non-ASCII, {@code ?}, {@code #}...) stay
 *         allowed; a {@code %} not followed by two hex digits is rejected;</li>
 *     <li>dot segments ({@code .}, {@code ..}) and empty segments ({@code //}), except a trailing slash.</li>
 * </ul>
 */
@Component
class CanonicalPathFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(CanonicalPathFilter.class);

    static final String DETAIL = "The request path is not in canonical form: matrix parameters (;), backslashes, "
            + "dot or empty segments and percent-encoded '/', ';', '%', letters, digits or '-._~' are not accepted.";

    private final ProblemWriter problems;

    CanonicalPathFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getPath().value();
        String reason = violation(rawPath);
        if (reason != null) {
            log.debug("Rejected {} {}: {}", exchange.getRequest().getMethod(), rawPath, reason);
            return problems.write(exchange, Problem.of(HttpStatus.BAD_REQUEST, "Bad request", DETAIL));
        }
        return chain.filter(exchange);
    }

    /** Why the raw (still percent-encoded) path is not canonical, or null if it is. */
    static @Nullable String violation(@Nullable String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                return "matrix parameter";
            }
            if (c == '\\') {
                return "backslash";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control character";
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return "truncated percent-encoding";
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return "invalid percent-encoding";
                }
                if (forbiddenEncoded((char) (high << 4 | low))) {
                    return "percent-encoded path character";
                }
                i += 2;
            }
        }
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment";
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return "empty segment";
            }
        }
        if (!segments[0].isEmpty()) {
            return "relative path";
        }
        return null;
    }

    private static boolean forbiddenEncoded(char decoded) {
        return decoded < 0x20 || decoded == 0x7f
                || decoded == '/' || decoded == '\\' || decoded == ';' || decoded == '%'
                || decoded >= 'a' && decoded <= 'z' || decoded >= 'A' && decoded <= 'Z'
                || decoded >= '0' && decoded <= '9'
                || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~';
    }

    /** First of all filters: nothing may read the path before it is known to be canonical. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
