package org.touchpoint.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.touchpoint.kit.KitSpringTest;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TestTokens;
import tools.jackson.databind.JsonNode;

/** The HTTP contract every service inherits from the kit: auth, scopes, problem+json for every client mistake. */
class HttpContractTest extends KitSpringTest {

    private static final Map<String, String> WRITE = Map.of("Authorization", TestTokens.bearer("widgets:read", "widgets:write"));
    private static final Map<String, String> READ_ONLY = Map.of("Authorization", TestTokens.bearer("widgets:read"));

    @Autowired
    MongoTemplate mongo;

    private static String widget(String name) {
        return """
                {"name": "%s", "customerId": "cus_%s", "email": "ana@example.com", "attributes": {"segment": "retail", "nested": {"a": [1, 2]}}}
                """.formatted(name, UUID.randomUUID());
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = json(r);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception", "at org.", "at com.", "java.");
    }

    @Test
    void requestWithoutInternalTokenIsRejectedWith401() {
        HttpResponse<String> r = call("GET", "/api/widgets/x", null, Map.of());
        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejectedWith401() {
        String forged = TestTokens.token("another-secret-that-is-long-enough-0123456789", "key:evil", Instant.now(),
                Duration.ofMinutes(1), "widgets:read");
        assertProblem(call("GET", "/api/widgets/x", null, Map.of("Authorization", "Bearer " + forged)), 401);
    }

    @Test
    void expiredTokenIsRejectedWith401() {
        String old = TestTokens.token(TestInfrastructure.TOKEN_SECRET, "key:test", Instant.now().minus(Duration.ofMinutes(10)),
                Duration.ofMinutes(2), "widgets:read");
        HttpResponse<String> r = call("GET", "/api/widgets/x", null, Map.of("Authorization", "Bearer " + old));
        assertProblem(r, 401);
        assertThat(json(r).get("detail").asString()).contains("expired");
    }

    @Test
    void missingScopeIsRejectedWith403() {
        HttpResponse<String> r = call("POST", "/api/widgets", widget("w-" + UUID.randomUUID()), READ_ONLY);
        assertProblem(r, 403);
        assertThat(json(r).get("detail").asString()).contains("widgets:write");
    }

    @Test
    void endpointThatDeclaresNoScopeIsClosed() {
        assertProblem(call("GET", "/api/widgets/unguarded", null, WRITE), 403);
    }

    @Test
    void theOpenApiDocumentNamesTheServiceAndPointsTryItOutAtTheGateway() {
        HttpResponse<String> r = call("GET", "/v3/api-docs", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.get("info").get("title").asString()).startsWith("Touchpoint ");
        assertThat(doc.get("servers").get(0).get("url").asString()).isEqualTo("/");
        assertThat(doc.get("paths").has("/api/widgets")).isTrue();
    }

    @Test
    void publicEndpointUnderPublicPathIsServedWithoutAToken() {
        HttpResponse<String> r = call("GET", "/public/pixel", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("pixel");
    }

    @Test
    void handlerUnderPublicPathWithoutPublicEndpointIsClosed() {
        assertProblem(call("GET", "/public/forgotten", null, Map.of()), 403);
    }

    @Test
    void publicEndpointOutsidePublicPathStillNeedsAToken() {
        assertProblem(call("GET", "/api/declared-public-but-not-under-public", null, Map.of()), 401);
    }

    @Test
    void actuatorProbesArePublicAndOnlyReadinessChecksMongoAndKafka() {
        HttpResponse<String> r = call("GET", "/actuator/health/readiness", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode components = json(r).get("components");
        assertThat(components.has("mongo")).isTrue();
        assertThat(components.has("kafka")).isTrue();
        JsonNode liveness = json(call("GET", "/actuator/health/liveness", null, Map.of()));
        assertThat(liveness.get("status").asString()).isEqualTo("UP");
        assertThat(liveness.toString()).doesNotContain("mongo", "kafka");
    }

    @Test
    void invalidFieldsAre400NamingEachField() {
        HttpResponse<String> r = call("POST", "/api/widgets", """
                {"name": "", "customerId": "c1", "email": "not-an-email"}""", WRITE);
        assertProblem(r, 400);
        assertThat(json(r).get("errors").findValuesAsString("field")).containsExactly("email", "name");
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> r = call("POST", "/api/widgets", "{\"name\": ", WRITE);
        assertProblem(r, 400);
        assertThat(json(r).get("type").asString()).isEqualTo(Problems.MALFORMED.toString());
    }

    @Test
    void wrongTypeNamesTheField() {
        HttpResponse<String> r = call("POST", "/api/widgets", "{\"name\": \"x\", \"customerId\": \"c\", \"attributes\": [1]}", WRITE);
        assertProblem(r, 400);
        assertThat(json(r).get("errors").findValuesAsString("field")).containsExactly("attributes");
    }

    @Test
    void wrongMediaTypeIs415() {
        assertProblem(call("POST", "/api/widgets", "name=x", Map.of("Authorization", WRITE.get("Authorization"),
                "Content-Type", "application/x-www-form-urlencoded")), 415);
    }

    @Test
    void mongoOperatorKeysInFreeFormMapsAre400AndNothingIsStored() {
        HttpResponse<String> r = call("POST", "/api/widgets", """
                {"name": "w-op", "customerId": "c1", "attributes": {"$gt": ""}}""", WRITE);
        assertProblem(r, 400);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("attributes");
        assertThat(json(r).get("errors").get(0).get("message").asString()).contains("$gt");

        HttpResponse<String> dotted = call("POST", "/api/widgets", """
                {"name": "w-dot", "customerId": "c1", "attributes": {"nested": {"a.b": 1}}}""", WRITE);
        assertProblem(dotted, 400);
        assertThat(mongo.exists(Query.query(Criteria.where("name").in("w-op", "w-dot")), "widgets")).isFalse();
    }

    @Test
    void bodyOverTheLimitIs413ByContentLength() {
        String big = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"customerId\": \"c\"}";
        assertProblem(call("POST", "/api/widgets", big, WRITE), 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] chunk = ("{\"name\": \"" + "y".repeat(1500 * 1024) + "\", \"customerId\": \"c\"}").getBytes();
        // A publisher of unknown length makes the JDK client send Transfer-Encoding: chunked.
        HttpRequest.BodyPublisher unknownLength = new HttpRequest.BodyPublisher() {
            private final HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofByteArray(chunk);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/widgets"))
                .header("Content-Type", "application/json").header("Authorization", WRITE.get("Authorization"))
                .POST(unknownLength).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(r, 413);
    }

    @Test
    void unknownIdIs404() {
        assertProblem(call("GET", "/api/widgets/" + UUID.randomUUID(), null, WRITE), 404);
    }

    @Test
    void duplicateUniqueValueIs409() {
        String name = "dup-" + UUID.randomUUID();
        assertThat(call("POST", "/api/widgets", widget(name), WRITE).statusCode()).isEqualTo(201);
        assertProblem(call("POST", "/api/widgets", widget(name), WRITE), 409);
        assertThat(mongo.count(Query.query(Criteria.where("name").is(name)), "widgets")).isEqualTo(1);
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        HttpResponse<String> created = call("POST", "/api/widgets", widget("etag-" + UUID.randomUUID()), WRITE);
        String location = created.headers().firstValue("Location").orElseThrow();
        String etag = created.headers().firstValue("ETag").orElseThrow();
        String update = "{\"name\": \"renamed-" + UUID.randomUUID() + "\", \"customerId\": \"c\", \"note\": \"first\"}";
        HttpResponse<String> ok = call("PUT", location, update, Map.of("Authorization", WRITE.get("Authorization"), "If-Match", etag));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).isNotEqualTo(created.headers().firstValue("ETag"));

        String second = "{\"name\": \"lost-" + UUID.randomUUID() + "\", \"customerId\": \"c\", \"note\": \"second\"}";
        assertProblem(call("PUT", location, second, Map.of("Authorization", WRITE.get("Authorization"), "If-Match", etag)), 412);
        assertThat(json(call("GET", location, null, WRITE)).get("note").asString()).isEqualTo("first");
    }

    @Test
    void retriedPostWithTheSameIdempotencyKeyReplaysTheFirstResponse() {
        String key = "retry-" + UUID.randomUUID();
        String body = widget("idem-" + UUID.randomUUID());
        Map<String, String> headers = Map.of("Authorization", WRITE.get("Authorization"), "Idempotency-Key", key);
        HttpResponse<String> first = call("POST", "/api/widgets", body, headers);
        HttpResponse<String> again = call("POST", "/api/widgets", body, headers);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again).get("id")).isEqualTo(json(first).get("id"));
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(mongo.count(Query.query(Criteria.where("name").is(json(first).get("name").asString())), "widgets")).isEqualTo(1);

        assertProblem(call("POST", "/api/widgets", widget("other-" + UUID.randomUUID()), headers), 422);
    }

    @Test
    void aRetryTakesOverARequestWhoseProcessDiedAndWaitsForOneStillRunning() {
        String key = "crashed-" + UUID.randomUUID();
        String body = widget("crash-" + UUID.randomUUID());
        Map<String, String> headers = Map.of("Authorization", WRITE.get("Authorization"), "Idempotency-Key", key);
        HttpResponse<String> first = call("POST", "/api/widgets", body, headers);
        String location = first.headers().firstValue("Location").orElseThrow();
        Query record = Query.query(Criteria.where("location").is(location));
        String recordId = mongo.findOne(record, org.bson.Document.class, "idempotency_keys").getString("_id");
        Query byId = Query.query(Criteria.where("_id").is(recordId));
        mongo.remove(Query.query(Criteria.where("_id").is(json(first).get("id").asString())), "widgets");

        // As if the process had died while running the first attempt, its lock still held: a retry must wait.
        mongo.updateFirst(byId, new org.springframework.data.mongodb.core.query.Update().set("state", "running")
                .set("lockedUntil", Instant.now().plusSeconds(60)).unset("location").unset("body"), "idempotency_keys");
        assertProblem(call("POST", "/api/widgets", body, headers), 409);

        // Once the lock has expired, the retry takes the request over and does the work.
        mongo.updateFirst(byId, new org.springframework.data.mongodb.core.query.Update().set("lockedUntil", Instant.now().minusSeconds(1)),
                "idempotency_keys");
        HttpResponse<String> takenOver = call("POST", "/api/widgets", body, headers);
        assertThat(takenOver.statusCode()).isEqualTo(201);
        assertThat(takenOver.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(call("POST", "/api/widgets", body, headers).headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        HttpResponse<String> r = call("GET", "/api/widgets/boom", null, WRITE);
        assertProblem(r, 500);
        assertThat(r.body()).doesNotContain("secret internal detail", "IllegalStateException");
        assertThat(json(r).get("errorId").asString()).isNotBlank();
    }

    @Test
    void badLimitAndForgedCursorAre400() {
        assertProblem(call("GET", "/api/widgets?limit=1000", null, WRITE), 400);
        HttpResponse<String> notANumber = call("GET", "/api/widgets?limit=abc", null, WRITE);
        assertProblem(notANumber, 400);
        assertThat(json(notANumber).get("errors").get(0).get("field").asString()).isEqualTo("limit");
        HttpResponse<String> cursor = call("GET", "/api/widgets?cursor=bm90LWEtY3Vyc29y", null, WRITE);
        assertProblem(cursor, 400);
        assertThat(json(cursor).get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }
}
