package org.touchpoint.dev;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Test double of a Spring Boot service as the launcher sees it: a {@code java -jar} process that reads its
 * environment and answers {@code GET /actuator/health/readiness}. JDK only, packed into a tiny jar by the test.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        requireEnv("SERVER_PORT", "MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "CRM_INTERNAL_TOKEN_SECRET");
        if (System.getenv("CRM_GATEWAY_ADMIN_KEY") != null) {
            System.err.println("a service must not get the gateway admin key");
            System.exit(4);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 50);
        server.createContext("/actuator/health/readiness", exchange -> reply(exchange.getResponseBody(), exchange, "{\"status\":\"UP\"}"));
        server.createContext("/env", exchange -> reply(exchange.getResponseBody(), exchange, envReport()));
        server.start();
        System.out.println("fake service on " + server.getAddress());
    }

    static void requireEnv(String... names) {
        for (String name : names) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                System.err.println("missing environment variable " + name);
                System.exit(3);
            }
        }
    }

    /** The part of the environment the launcher sets (secrets reduced to their length). */
    static String envReport() {
        StringBuilder report = new StringBuilder();
        for (String name : new String[] {"SERVER_PORT", "MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "MAIL_PORT", "FAKE_SERVICE_URI"}) {
            report.append(name).append('=').append(System.getenv(name)).append('\n');
        }
        String secret = System.getenv("CRM_INTERNAL_TOKEN_SECRET");
        report.append("CRM_INTERNAL_TOKEN_SECRET.length=").append(secret == null ? 0 : secret.length()).append('\n');
        String admin = System.getenv("CRM_GATEWAY_ADMIN_KEY");
        report.append("CRM_GATEWAY_ADMIN_KEY.present=").append(admin != null).append('\n');
        return report.toString();
    }

    private static void reply(OutputStream out, com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (out) {
            out.write(bytes);
        }
    }
}
