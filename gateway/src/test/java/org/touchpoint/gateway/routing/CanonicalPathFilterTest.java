package org.touchpoint.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which raw paths count as canonical; the HTTP behaviour is covered by {@code PathBypassTest}. */
class CanonicalPathFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/contacts", "/api/contacts/", "/api/contacts/c1/merge", "/admin/api-keys",
            "/api/contacts/a%20b", "/api/contacts/%C3%A9t%C3%A9", "/api/contacts/a%3Fb%23c", "/actuator/health/readiness",
            "/api/contacts/a.b", "/api/contacts/...", "/api/contacts/.well-known", ""})
    void canonicalPathsPass(String path) {
        assertThat(CanonicalPathFilter.violation(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin;x/api-keys", "/admin/api-keys;", "/%61dmin", "/%2e%2e/admin", "/a%2Fb", "/a%2fb",
            "/a%3Bb", "/a%25b", "/a%5Cb", "/a\\b", "/a%00b", "/a%7Fb", "/a%7eb", "/a%2Db", "/a%5Fb", "/a%30",
            "/a%", "/a%2", "/a%zz", "//admin", "/admin//api-keys", "/.", "/admin/.", "/admin/..", "/admin/./x",
            "/api/../admin", "admin", "*"})
    void nonCanonicalPathsAreNamed(String path) {
        assertThat(CanonicalPathFilter.violation(path)).isNotNull();
    }
}
