package org.touchpoint.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.touchpoint.dev.PlatformEndpoints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as a client sees it: HTTP to the gateway, nothing else. Every call names its API key
 * ({@code null} for none); {@link #api()} is the development key (every scope).
 */
final class Gateway {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final PlatformEndpoints endpoints;

    Gateway(PlatformEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    URI url(String pathAndQuery) {
        return endpoints.gatewayUrl().resolve(pathAndQuery);
    }

    /** Calls with the development API key. */
    Caller api() {
        return as(endpoints.apiKey());
    }

    /** Calls with the gateway's bootstrap admin key (for /admin/**). */
    Caller admin() {
        return as(endpoints.gatewayAdminKey());
    }

    /** Calls with this key; {@code null} sends no X-API-Key at all. */
    Caller as(String apiKey) {
        return new Caller(apiKey, Map.of(), DEFAULT_TIMEOUT);
    }

    /** Query-string value encoding. */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Creates an API key with these scopes through the admin API; answers {id, key}. */
    JsonNode createApiKey(String name, String... scopes) {
        Reply created = admin().post("/admin/api-keys", Map.of("name", name, "partner", "e2e", "scopes", List.of(scopes)));
        if (created.status() != 201) {
            throw new AssertionError("POST /admin/api-keys answered " + created);
        }
        return created.json();
    }

    /** One client identity and its extra headers. Immutable: {@link #header} returns a new caller. */
    final class Caller {

        private final String apiKey;
        private final Map<String, String> headers;
        private final Duration timeout;

        private Caller(String apiKey, Map<String, String> headers, Duration timeout) {
            this.apiKey = apiKey;
            this.headers = headers;
            this.timeout = timeout;
        }

        Caller header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Caller(apiKey, more, timeout);
        }

        Caller timeout(Duration newTimeout) {
            return new Caller(apiKey, headers, newTimeout);
        }

        Reply get(String path) {
            return send("GET", path, null, null);
        }

        Reply delete(String path) {
            return send("DELETE", path, null, null);
        }

        /** POST of a JSON body (any object Jackson writes, or a String taken as raw JSON). */
        Reply post(String path, Object body) {
            return send("POST", path, "application/json", body instanceof String s ? s : json(body));
        }

        Reply put(String path, Object body) {
            return send("PUT", path, "application/json", body instanceof String s ? s : json(body));
        }

        /** Any method with a raw body of any content type. */
        Reply send(String method, String path, String contentType, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(timeout)
                    .header("Accept", "application/json, application/problem+json");
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            headers.forEach(request::header);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(method + " " + path, response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** Every item of a list endpoint, following nextCursor page by page; fails on a repeated id. */
        List<JsonNode> listAll(String pathWithQuery, int limit) {
            List<JsonNode> all = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < 1000; page++) {
                String separator = pathWithQuery.contains("?") ? "&" : "?";
                Reply reply = get(pathWithQuery + separator + "limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor)));
                if (reply.status() != 200) {
                    throw new AssertionError("listing failed: " + reply);
                }
                JsonNode items = reply.json().path("items");
                if (items.size() > limit) {
                    throw new AssertionError("a page of " + items.size() + " items for limit " + limit + ": " + reply);
                }
                for (JsonNode item : items) {
                    String id = item.path("id").asString();
                    if (ids.contains(id)) {
                        throw new AssertionError("id " + id + " listed twice while paging " + pathWithQuery);
                    }
                    ids.add(id);
                    all.add(item);
                }
                JsonNode next = reply.json().path("nextCursor");
                if (next.isMissingNode() || next.isNull() || next.asString().isEmpty()) {
                    return all;
                }
                cursor = next.asString();
            }
            throw new AssertionError("more than 1000 pages listing " + pathWithQuery);
        }
    }

    /** One HTTP answer. */
    record Reply(String request, int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().getFirst())
                    .findFirst();
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The {@code field} of every entry in a problem's {@code errors} array. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
            return fields;
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
            return request + " → " + status + " " + headers.getOrDefault("content-type", List.of()) + " " + shown;
        }
    }
}
