package org.touchpoint.gateway.scope;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** {@link ScopeProperties} compiled once: which scope a method on a path needs. */
@Component
public class ScopeRules {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final List<Compiled> rules;

    public ScopeRules(ScopeProperties properties) {
        PathPatternParser parser = new PathPatternParser();
        this.rules = properties.rules().stream().map(rule -> new Compiled(
                rule.paths().stream().map(parser::parse).toList(),
                rule.methods().stream().map(HttpMethod::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                rule)).toList();
    }

    /** The scope the request needs, or null if no rule covers it (the caller must refuse it). */
    public @Nullable String requiredScope(HttpMethod method, PathContainer path) {
        for (Compiled rule : rules) {
            if (!rule.methods.isEmpty() && !rule.methods.contains(method)) {
                continue;
            }
            for (PathPattern pattern : rule.paths) {
                if (pattern.matches(path)) {
                    if (rule.rule.scope() != null && !rule.rule.scope().isBlank()) {
                        return rule.rule.scope();
                    }
                    return READS.contains(method) ? rule.rule.read() : rule.rule.write();
                }
            }
        }
        return null;
    }

    private record Compiled(List<PathPattern> paths, Set<HttpMethod> methods, ScopeProperties.Rule rule) {
    }
}
