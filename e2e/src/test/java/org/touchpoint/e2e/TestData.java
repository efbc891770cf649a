package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Unique test data, so tests do not depend on each other or on their order: every value that must be unique
 * (emails, domains, tags) carries a fresh {@link #unique()} token.
 */
final class TestData {

    private TestData() {
    }

    /** Eight lowercase letters and digits, new on every call. */
    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A contact body (mutable, so a test can add fields) with a unique primary email. */
    static Map<String, Object> contact(String firstName, String lastName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", firstName);
        body.put("lastName", lastName);
        body.put("emails", List.of(emailFor(firstName, lastName)));
        return body;
    }

    static Map<String, Object> contact() {
        return contact("Valentina", "Rojas");
    }

    static String emailFor(String firstName, String lastName) {
        return (ascii(firstName) + "." + ascii(lastName) + "." + unique() + "@example.com").toLowerCase();
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replaceAll("[^A-Za-z0-9]", "");
    }

    static Map<String, Object> account(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("domain", unique() + ".example.com");
        body.put("industry", "retail");
        return body;
    }

    /** Creates it through the gateway (201 expected); answers the created contact. */
    static JsonNode create(Gateway gateway, Map<String, Object> contact) {
        Gateway.Reply created = gateway.api().post("/api/contacts", contact);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json();
    }

    static JsonNode createAccount(Gateway gateway, String name) {
        Gateway.Reply created = gateway.api().post("/api/accounts", account(name));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json();
    }

    static String id(JsonNode resource) {
        return resource.path("id").asString();
    }
}
