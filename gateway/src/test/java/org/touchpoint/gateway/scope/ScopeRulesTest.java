package org.touchpoint.gateway.scope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.touchpoint.events.Scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules themselves, and the gateway's own application.yml: every routed path has a rule. */
class ScopeRulesTest {

    private final ScopeRules rules = new ScopeRules(new ScopeProperties(List.of(
            new ScopeProperties.Rule(List.of("/api/segments/preview"), List.of("POST"), "segments:read", null, null),
            new ScopeProperties.Rule(List.of("/api/segments", "/api/segments/**"), List.of(), null,
                    "segments:read", "segments:write"))));

    @Test
    void readMethodsNeedTheReadScopeAndOthersTheWriteScope() {
        assertThat(rules.requiredScope(HttpMethod.GET, path("/api/segments"))).isEqualTo("segments:read");
        assertThat(rules.requiredScope(HttpMethod.HEAD, path("/api/segments/seg_1"))).isEqualTo("segments:read");
        for (HttpMethod write : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            assertThat(rules.requiredScope(write, path("/api/segments/seg_1/members"))).isEqualTo("segments:write");
        }
    }

    @Test
    void theFirstMatchingRuleDecidesAndMethodsNarrowARule() {
        assertThat(rules.requiredScope(HttpMethod.POST, path("/api/segments/preview"))).isEqualTo("segments:read");
        assertThat(rules.requiredScope(HttpMethod.PUT, path("/api/segments/preview"))).isEqualTo("segments:write");
    }

    @Test
    void aPathNoRuleCoversNeedsNoKnownScopeSoTheFilterRefusesIt() {
        assertThat(rules.requiredScope(HttpMethod.GET, path("/api/contacts"))).isNull();
        assertThat(rules.requiredScope(HttpMethod.GET, path("/api/segmentsX"))).isNull();
    }

    @Test
    void aRuleNeedsEitherOneScopeOrAReadAndWritePair() {
        assertThatThrownBy(() -> new ScopeProperties.Rule(List.of("/x"), List.of(), null, "x:read", null))
                .hasMessageContaining("either scope, or both read and write");
        assertThatThrownBy(() -> new ScopeProperties.Rule(List.of("/x"), List.of(), "x:read", "x:read", "x:write"))
                .hasMessageContaining("either scope");
        assertThatThrownBy(() -> new ScopeProperties.Rule(List.of(), List.of(), "x:read", null, null))
                .hasMessageContaining("at least one path");
    }

    /**
     * Reads the routes and rules of the shipped application.yml: each route path (wildcards filled in) needs a
     * known {@code :read} scope to GET and a known {@code :write} scope to POST (except the read-only POST of a
     * segment preview), so a route added without a rule fails here rather than in production.
     */
    @Test
    void everyPathOfEveryPrivateRouteInApplicationYmlNeedsAKnownScope() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));
        ScopeRules shipped = new ScopeRules(binder.bind("crm.gateway.scopes", ScopeProperties.class).get());
        List<String> paths = new ArrayList<>();
        for (int i = 0; environment.containsProperty(route(i) + ".id"); i++) {
            if (environment.containsProperty(route(i) + ".metadata.crm-public")
                    || environment.containsProperty(route(i) + ".metadata.crm-docs")) {
                continue;
            }
            String predicate = environment.getProperty(route(i) + ".predicates[0]");
            assertThat(predicate).startsWith("Path=");
            for (String pattern : predicate.substring("Path=".length()).split(",")) {
                paths.add(pattern.replace("/**", "/x/y").replace("*", "c1"));
            }
        }
        assertThat(paths).hasSizeGreaterThan(40).contains("/api/contacts", "/api/analytics/x/y");
        for (String path : paths) {
            assertThat(shipped.requiredScope(HttpMethod.GET, path(path))).as("GET " + path)
                    .isIn(Scopes.ALL).endsWith(":read");
            String write = shipped.requiredScope(HttpMethod.POST, path(path));
            assertThat(write).as("POST " + path).isIn(Scopes.ALL).endsWith(":write");
        }
        assertThat(shipped.requiredScope(HttpMethod.POST, path("/api/segments/preview"))).isEqualTo("segments:read");
        assertThat(shipped.requiredScope(HttpMethod.GET, path("/api/customers/c1/briefing"))).isEqualTo("activities:read");
        assertThat(shipped.requiredScope(HttpMethod.GET, path("/api/customers/c1/360"))).isEqualTo("analytics:read");
        assertThat(shipped.requiredScope(HttpMethod.GET, path("/api/customers/c1/support-cost"))).isEqualTo("cases:read");
        assertThat(shipped.requiredScope(HttpMethod.PUT, path("/api/sla-policies/gold/high"))).isEqualTo("sla:write");
    }

    private static String route(int i) {
        return "spring.cloud.gateway.server.webflux.routes[" + i + "]";
    }

    private static PathContainer path(String path) {
        return PathContainer.parsePath(path);
    }
}
