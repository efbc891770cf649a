package org.touchpoint.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.touchpoint.events.Scopes;
import tools.jackson.databind.JsonNode;

/**
 * The development API key: created through the gateway's admin API on the first start (with the bootstrap
 * admin key), stored in secrets.env, and on later starts reused after checking the gateway still accepts it.
 */
final class DevApiKeys {

    /** Every scope the platform knows: a key made before a service (and its scopes) existed is replaced. */
    static final List<String> SCOPES = Scopes.ALL;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DevApiKeys() {
    }

    static String ensure(HttpClient http, URI gateway, Secrets secrets, String checkPath, Consumer<String> progress) {
        Optional<String> stored = secrets.devApiKey();
        if (stored.isPresent()) {
            Http.Response check = Http.send(http, Http.request(gateway.resolve(checkPath))
                    .header("X-API-Key", stored.get()).GET().build(), PATIENCE, false); // any answer but 401/403 will do
            if (check.status() != 401 && check.status() != 403 && holdsEveryScope(http, gateway, secrets)) {
                progress.accept("   Development API key reused (GET " + checkPath + " → " + check.status() + ")");
                return stored.get();
            }
            progress.accept("   The stored development API key is no longer accepted or lacks scopes (" + check.status()
                    + "): creating a new one");
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

    /** Asks the admin API which scopes the stored key has; a key from an older platform may lack new ones. */
    private static boolean holdsEveryScope(HttpClient http, URI gateway, Secrets secrets) {
        Optional<String> id = secrets.devApiKeyId();
        if (id.isEmpty()) {
            return false;
        }
        Http.Response shown = Http.send(http, Http.request(gateway.resolve("/admin/api-keys/" + id.get()))
                .header("X-API-Key", secrets.gatewayAdminKey()).GET().build(), PATIENCE, false);
        if (!shown.isSuccess()) {
            return false;
        }
        JsonNode scopes = shown.json().get("scopes");
        if (scopes == null || !scopes.isArray()) {
            return false;
        }
        java.util.Set<String> held = new java.util.HashSet<>();
        scopes.forEach(s -> held.add(s.asString()));
        return held.containsAll(SCOPES);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
