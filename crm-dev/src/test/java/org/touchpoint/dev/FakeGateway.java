package org.touchpoint.dev;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Test double of the gateway's contract (admin API, API-key check, idempotent POSTs), JDK only so that it can
 * also run as a child process from a tiny jar ({@link #main}), like the real gateway would.
 */
public final class FakeGateway {

    record Post(String path, String apiKey, String idempotencyKey, String body) {
    }

    private final HttpServer server;
    private final String adminKey;
    private final List<String> issuedKeys = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> replies = Collections.synchronizedMap(new HashMap<>());
    final List<Post> posts = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger keysCreated = new AtomicInteger();
    /** Key id → the scopes array (JSON) it was created with; a test may narrow it to play an older key. */
    final Map<String, String> scopesById = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger created = new AtomicInteger();
    volatile String rejectContactsWith;
    volatile boolean backendDown;

    private FakeGateway(int port, String adminKey) throws IOException {
        this.adminKey = adminKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeGateway start(int port, String adminKey) throws IOException {
        return new FakeGateway(port, adminKey);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Keys are derived from the admin key, so a restarted fake still accepts the key it issued before. */
    String keyFor(int n) {
        return "tp_dev_" + Integer.toHexString(adminKey.hashCode()) + "_" + n;
    }

    void forgetIssuedKeys() {
        issuedKeys.clear();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String apiKey = exchange.getRequestHeaders().getFirst("X-API-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (method.equals("GET") && path.equals("/actuator/health/readiness")) {
            reply(exchange, 200, "{\"status\":\"UP\"}");
        } else if (method.equals("GET") && path.equals("/env")) {
            reply(exchange, 200, FakeService.envReport());
        } else if (method.equals("POST") && path.equals("/admin/api-keys")) {
            if (!adminKey.equals(apiKey)) {
                problem(exchange, 401, "Unauthorized", "bad admin key");
            } else if (!body.contains("\"name\":\"development\"") || !body.contains("\"partner\":\"local-dev\"")
                    || !body.contains("contacts:write") || !body.contains("\"admin\"")) {
                problem(exchange, 400, "Bad Request", "unexpected body " + body);
            } else {
                int n = keysCreated.incrementAndGet();
                String key = keyFor(n);
                issuedKeys.add(key);
                java.util.regex.Matcher scopes = java.util.regex.Pattern.compile("\"scopes\":(\\[[^\\]]*\\])").matcher(body);
                scopesById.put("key-" + n, scopes.find() ? scopes.group(1) : "[]");
                reply(exchange, 201, "{\"id\":\"key-" + n + "\",\"name\":\"development\",\"key\":\"" + key + "\"}");
            }
        } else if (method.equals("GET") && path.startsWith("/admin/api-keys/")) {
            String scopes = scopesById.get(path.substring("/admin/api-keys/".length()));
            if (!adminKey.equals(apiKey)) {
                problem(exchange, 401, "Unauthorized", "bad admin key");
            } else if (scopes == null) {
                problem(exchange, 404, "Not Found", "no such key");
            } else {
                reply(exchange, 200, "{\"id\":\"" + path.substring("/admin/api-keys/".length()) + "\",\"scopes\":" + scopes + "}");
            }
        } else if (path.startsWith("/api/")) {
            if (!accepts(apiKey)) {
                problem(exchange, 401, "Unauthorized", "unknown API key");
            } else if (backendDown) {
                problem(exchange, 503, "Service unavailable", "The customer-service is unavailable. Retry later.");
            } else if (method.equals("GET")) {
                reply(exchange, 200, "{\"items\":[],\"nextCursor\":null}");
            } else {
                String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                posts.add(new Post(path, apiKey, idempotencyKey, body));
                if (path.equals("/api/contacts") && rejectContactsWith != null) {
                    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                    reply(exchange, 400, rejectContactsWith);
                    return;
                }
                String previous = replies.get(idempotencyKey);
                if (previous != null) {
                    reply(exchange, 201, previous);
                    return;
                }
                String prefix = path.equals("/api/accounts") ? "acc-" : "con-";
                String response = "{\"id\":\"" + prefix + created.incrementAndGet() + "\"}";
                replies.put(idempotencyKey, response);
                reply(exchange, 201, response);
            }
        } else {
            problem(exchange, 404, "Not Found", path);
        }
    }

    /**
     * Issued keys are accepted; with {@code persistentKeys} (the child-process mode) any key this admin key could
     * have issued is, as a restarted real gateway would still know the keys in its store.
     */
    private boolean accepts(String apiKey) {
        if (apiKey == null) {
            return false;
        }
        return issuedKeys.contains(apiKey)
                || persistentKeys && apiKey.startsWith("tp_dev_" + Integer.toHexString(adminKey.hashCode()) + "_");
    }

    volatile boolean persistentKeys;

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        reply(exchange, status, "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** As a child process: the environment the launcher gives the gateway, or exit code 3. */
    public static void main(String[] args) throws IOException {
        FakeService.requireEnv("SERVER_PORT", "MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "CRM_INTERNAL_TOKEN_SECRET",
                "CRM_GATEWAY_ADMIN_KEY", "FAKE_SERVICE_URI");
        FakeGateway gateway = start(Integer.parseInt(System.getenv("SERVER_PORT")), System.getenv("CRM_GATEWAY_ADMIN_KEY"));
        gateway.persistentKeys = true;
        System.out.println("fake gateway on " + gateway.port());
    }
}
