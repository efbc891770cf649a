package org.touchpoint.gateway.scope;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;

/**
 * The scope each routed request needs, prefix {@code crm.gateway.scopes}: an ordered list of rules, the first
 * whose paths (and methods, if given) match decides. A routed request no rule covers is refused (403): the
 * gateway never forwards what it cannot authorise.
 *
 * @param rules the rules, most specific first
 */
@ConfigurationProperties("crm.gateway.scopes")
public record ScopeProperties(@DefaultValue List<Rule> rules) {

    public ScopeProperties {
        rules = List.copyOf(rules);
    }

    /**
     * One rule: either {@code read} (GET, HEAD, OPTIONS) and {@code write} (every other method), or one
     * {@code scope} for the listed {@code methods} (all methods if none are listed).
     *
     * @param paths   Spring path patterns ({@code /api/contacts/**}, {@code /api/customers/*}{@code /360})
     * @param methods HTTP methods this rule is limited to; empty: all
     * @param scope   the scope needed, whatever the method (with or without {@code methods})
     * @param read    the scope a read needs
     * @param write   the scope any other method needs
     */
    public record Rule(@DefaultValue List<String> paths, @DefaultValue List<String> methods, @Nullable String scope,
                       @Nullable String read, @Nullable String write) {

        public Rule {
            paths = List.copyOf(paths);
            methods = methods.stream().map(m -> m.strip().toUpperCase(Locale.ROOT)).toList();
            String where = "crm.gateway.scopes.rules (paths " + paths + ")";
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("crm.gateway.scopes.rules: every rule needs at least one path");
            }
            boolean single = scope != null && !scope.isBlank();
            boolean pair = read != null && !read.isBlank() && write != null && !write.isBlank();
            if (single == pair) {
                throw new IllegalArgumentException(where + ": set either scope, or both read and write");
            }
            for (String method : methods) {
                if (HttpMethod.valueOf(method) == null || !List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH",
                        "DELETE").contains(method)) {
                    throw new IllegalArgumentException(where + ": unknown method " + method);
                }
            }
        }
    }
}
