package org.touchpoint.gateway.apikey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.touchpoint.gateway.GatewayTestSupport;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose raw path differs from the path the handler mapping or a backend would match (matrix
 * parameters, percent-encoded path characters, dot segments, empty segments, case) must never slip past the
 * admin authorisation or the API-key authentication: they get 400 or 401, never reach a handler or a backend.
 * Sent both through the HTTP client with an un-normalised {@link URI} and as raw bytes on a socket, so neither
 * the client nor anything else rewrites the request target.
 */
class PathBypassTest extends GatewayTestSupport {

    @Autowired
    private ReactiveMongoTemplate mongo;

    @ParameterizedTest
    @ValueSource(strings = {"/admin;x/api-keys", "/%61dmin/api-keys", "/ADMIN/api-keys", "/Admin/api-keys",
            "//admin/api-keys", "/admin/./api-keys", "/api/../admin/api-keys", "/admin;/api-keys",
            "/admin/api-keys;x", "/admin%2Fapi-keys", "/%2e/admin/api-keys", "/admin/%2e/api-keys",
            "/adm%69n/api-keys", "/admin/api-keys/", "/x/../admin/api-keys", "/admin//api-keys",
            "/admin/api-keys/.", "/%41DMIN/api-keys", "/admin%3Bx/api-keys"})
    void adminCreateWithoutKeyIsRefusedWhateverThePathSpellingThroughTheHttpClient(String path) {
        String name = "bypass-" + UUID.randomUUID();

        int status = unpooled().post().uri(URI.create("http://127.0.0.1:" + port + path))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + name + "\",\"scopes\":[\"admin\"]}")
                .exchange()
                .expectBody().returnResult().getStatus().value();

        assertThat(status).as("POST %s without a key", path).isIn(400, 401);
        assertThat(keysNamed(name)).as("no key created through %s", path).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin;x/api-keys", "/%61dmin/api-keys", "/ADMIN/api-keys", "//admin/api-keys",
            "/admin/./api-keys", "/api/../admin/api-keys", "/admin/../admin/api-keys", "/admin/api-keys;jsessionid=1",
            "/admin%2fapi-keys", "/%2E%2E/admin/api-keys", "/admin\\api-keys", "/%5cadmin/api-keys",
            "/%2561dmin/api-keys"})
    void adminCreateWithoutKeyIsRefusedWhateverThePathSpellingOnARawSocket(String path) throws IOException {
        String name = "bypass-raw-" + UUID.randomUUID();

        RawResponse response = rawPost(path, "{\"name\":\"" + name + "\",\"scopes\":[\"admin\"]}");

        assertThat(response.status()).as("POST %s without a key: %s", path, response.text()).isIn(400, 401);
        assertThat(keysNamed(name)).as("no key created through %s", path).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin;x/api-keys", "/%61dmin/api-keys", "/admin/./api-keys", "/api/../admin/api-keys",
            "//admin/api-keys", "/admin%2Fapi-keys"})
    void nonNormalPathIsA400ProblemBeforeAuthentication(String path) throws IOException {
        RawResponse response = rawPost(path, "{\"name\":\"n\",\"scopes\":[\"admin\"]}");

        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.text()).containsIgnoringCase("content-type: application/problem+json")
                .contains("\"status\":400");
    }

    @Test
    void adminCreateWithTheAdminKeyButANonNormalPathIsStill400() throws IOException {
        String name = "bypass-with-key-" + UUID.randomUUID();

        unpooled().post().uri(URI.create("http://127.0.0.1:" + port + "/admin;x/api-keys"))
                .header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + name + "\",\"scopes\":[\"admin\"]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(keysNamed(name)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;x/contacts", "/%61pi/contacts", "/api/contacts;x", "/api/contacts/../accounts",
            "/api/contacts/../../admin/api-keys", "/api/contacts/%2e%2e/%2e%2e/admin/api-keys",
            "/api/contacts%2F..%2F..%2Fadmin", "//api/contacts", "/api//contacts", "/api/./contacts",
            "/api/contacts/%252e%252e", "/api/contacts/a%00b"})
    void nonNormalApiPathIsRejectedAndNeverForwardedEvenWithAValidKey(String path) throws IOException {
        String key = createSecret("smuggler", "contacts:read", "accounts:read");
        backend().reset();

        int status = unpooled().get().uri(URI.create("http://127.0.0.1:" + port + path)).header(API_KEY, key)
                .exchange().expectBody().returnResult().getStatus().value();
        RawResponse raw = rawGet(path, key);

        assertThat(status).as("GET %s", path).isEqualTo(400);
        assertThat(raw.status()).as("raw GET %s: %s", path, raw.text()).isEqualTo(400);
        assertThat(backend().received()).as("nothing forwarded for %s", path).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;x/contacts", "/%61pi/contacts", "/api/contacts;x", "/api/./contacts"})
    void nonNormalApiPathWithoutAKeyIsRefusedAndNeverForwarded(String path) throws IOException {
        RawResponse raw = rawGet(path, null);

        assertThat(raw.status()).as("raw GET %s: %s", path, raw.text()).isIn(400, 401);
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void ordinaryPercentEncodingInAnApiPathStillWorks() {
        String key = createSecret("encoded-ok", "contacts:read");

        unpooled().get().uri(URI.create("http://127.0.0.1:" + port + "/api/contacts/a%20b%C3%A9")).header(API_KEY, key)
                .exchange().expectStatus().isOk();
        assertThat(backend().lastReceived().path()).isEqualTo("/api/contacts/a b\u00e9");
        unpooled().get().uri(URI.create("http://127.0.0.1:" + port + "/api/contacts/a%20b")).exchange()
                .expectStatus().isUnauthorized();
    }

    /**
     * A client that opens a connection per request. The server may answer these requests before it has read
     * their body and then drop the connection; sent through the shared pool, such a connection could be handed
     * to the next test's request.
     */
    private WebTestClient unpooled() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    private long keysNamed(String name) {
        return mongo.getCollection("api_keys")
                .flatMap(c -> reactor.core.publisher.Mono.from(c.countDocuments(new Document("name", name))))
                .block(Duration.ofSeconds(5));
    }

    private record RawResponse(int status, String text) {
    }

    private RawResponse rawPost(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", body);
    }

    private RawResponse rawGet(String path, String key) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + (key == null ? "" : "\r\n" + API_KEY + ": " + key) + "\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    /**
     * One HTTP/1.1 request written byte for byte: nothing between the test and the gateway rewrites it. A body
     * is announced with {@code Expect: 100-continue} and sent only once the server asks for it (or has not
     * answered within a second), so a server that answers without reading it never resets the connection
     * before the test has read the status.
     */
    private RawResponse raw(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String responseHead = null;
            if (body.length > 0) {
                socket.setSoTimeout(1_000);
                try {
                    responseHead = readHead(in);
                }
                catch (SocketTimeoutException noInterimAnswer) {
                    // The server waits for the body without a 100 Continue: send it anyway.
                }
                if (responseHead == null || status(responseHead) == 100) {
                    out.write(body);
                    out.flush();
                    responseHead = null;
                }
            }
            socket.setSoTimeout(10_000);
            if (responseHead == null) {
                responseHead = readHead(in);
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                in.transferTo(rest);
            }
            catch (SocketException resetAfterTheAnswer) {
                // The status is what the tests check; a reset after it does not matter.
            }
            return new RawResponse(status(responseHead), responseHead + rest.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) {
        return Integer.parseInt(head.substring(0, head.indexOf("\r\n")).split(" ")[1]);
    }
}
