package org.touchpoint.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * The development API key: created through the gateway's admin API on the first start (with the bootstrap
 * admin key), stored in secrets.env, and on later starts reused after checking the gateway still accepts it.
 */
final class DevApiKeys {

    static final List<String> SCOPES = List.of("accounts:read", "accounts:write", "contacts:read", "contacts:write", "admin");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DevApiKeys() {
    }

    static String ensure(HttpClient http, URI gateway, Secrets secrets, String checkPath, Consumer<String> progress) {
        Optional<String> stored = secrets.devApiKey();
        if (stored.isPresent()) {
            Http.Response check = Http.send(http, Http.request(gateway.resolve(checkPath))
                    .header("X-API-Key", stored.get()).GET().build(), PATIENCE, false); // any answer but 401/403 will do
            if (check.status() != 401 && check.status() != 403) {
                progress.accept("   Development API key reused (GET " + checkPath + " → " + check.status() + ")");
                return stored.get();
            }
            progress.accept("   The stored development API key is no longer accepted (" + check.status() + "): creating a new one");
        }
        Http.Response created = Http.send(http, Http.request(gateway.resolve("/admin/api-keys"))
                .header("X-API-Key", secrets.gatewayAdminKey())
                .header("Content-Type", "application/json")
                .POST(Http.json(Map.of("name", "development", "partner", "local-dev", "scopes", SCOPES)))
                .build(), PATIENCE);
        if (!created.isSuccess()) {
            throw new PlatformException("Creating the development API key (POST " + gateway.resolve("/admin/api-keys")
                    + ") failed: " + Http.describeProblem(created));
        }
        JsonNode body = created.json();
        String id = text(body, "id");
        String key = text(body, "key");
        if (key == null) {
            throw new PlatformException("POST /admin/api-keys answered " + created.status() + " without a \"key\": " + created.body());
        }
        secrets.saveDevApiKey(id == null ? "" : id, key);
        progress.accept("   Development API key created (id " + id + ", stored in " + secrets.file() + ")");
        return key;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
