package org.touchpoint.gateway.limits;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** The test configuration limits bodies to 16 KB. */
class RequestSizeLimitTest extends GatewayTestSupport {

    private static final int LIMIT = 16 * 1024;

    @Test
    void bodyWithinTheLimitIsForwarded() {
        String key = createSecret("size-ok", "contacts:write");

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes(LIMIT))
                .exchange()
                .expectStatus().isOk();

        assertThat(backend().lastReceived().bodyBytes()).isEqualTo(LIMIT);
    }

    @Test
    void declaredContentLengthOverTheLimitIsRejectedWith413AtOnce() {
        String key = createSecret("size-declared", "contacts:write");

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes(LIMIT + 1))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Content too large");

        assertThat(backend().received()).isEmpty();
    }

    /**
     * A body far over the limit, from a client that sends it all before reading (the JDK's HttpClient): the 413
     * still arrives, rather than a connection reset while the client is writing.
     */
    @Test
    void aClientStillSendingAHugeBodyReceivesThe413() throws Exception {
        String key = createSecret("size-huge", "contacts:write");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/api/contacts"))
                    .header(API_KEY, key).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes(128 * LIMIT))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitIsCountedAndRejectedWith413() {
        String key = createSecret("size-chunked", "contacts:write");
        Flux<DataBuffer> chunks = Flux.range(0, 8)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(bytes(4 * 1024)));

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(backend().received()).isEmpty();
    }

    @Test
    void chunkedBodyWithinTheLimitIsForwarded() {
        String key = createSecret("size-chunked-ok", "contacts:write");
        Flux<DataBuffer> chunks = Flux.range(0, 2)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(bytes(4 * 1024)));

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus().isOk();

        assertThat(backend().lastReceived().bodyBytes()).isEqualTo(8 * 1024);
    }

    @Test
    void adminApiBodiesAreLimitedToo() {
        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x".repeat(LIMIT), "scopes", java.util.List.of("admin")))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
