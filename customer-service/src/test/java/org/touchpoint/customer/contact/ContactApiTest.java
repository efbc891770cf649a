package org.touchpoint.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.customer.CustomerServiceTest;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;
import tools.jackson.databind.JsonNode;

/** The contacts API: one test per behaviour, error paths included. */
class ContactApiTest extends CustomerServiceTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    private HttpResponse<String> create(String body) {
        return call("POST", "/api/contacts", body);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String... fields) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (fields.length > 0) {
            assertThat(json(r).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(fields);
        }
    }

    @Test
    void createsAContactAndReadsItBackWithItsEtag() {
        String account = account("Distribuidora Andina " + unique());
        HttpResponse<String> created = create(contactBody("Mariana", "Souza", account));
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/contacts/con_");
        assertThat(created.headers().firstValue("ETag")).contains("\"0\"");

        JsonNode c = json(call("GET", location, null));
        assertThat(c.get("displayName").asString()).isEqualTo("Mariana Souza");
        assertThat(c.get("accountId").asString()).isEqualTo(account);
        assertThat(c.get("accountName").asString()).startsWith("Distribuidora Andina");
        assertThat(c.get("lifecycleStage").asString()).isEqualTo("customer");
        assertThat(c.get("consent").get("email").get("status").asString()).isEqualTo("granted");
        assertThat(c.get("consent").get("email").get("at").asString()).isNotBlank();
        assertThat(c.get("notes").get("nickname").asString()).isEqualTo("Pepe");
        assertThat(c.get("externalIds").get("erp").asString()).startsWith("C-");
        assertThat(c.get("activity").get("totalTouches").asLong()).isZero();
    }

    @Test
    void lifecycleStageDefaultsToLead() {
        HttpResponse<String> r = create("""
                {"firstName": "Ana", "emails": ["ana.%s@example.com"]}""".formatted(unique()));
        assertThat(json(r).get("lifecycleStage").asString()).isEqualTo("lead");
    }

    @Test
    void invalidFieldsAre400NamingEachOne() {
        HttpResponse<String> r = create("""
                {"firstName": " ", "emails": ["not-an-email"], "phones": ["call me"], "lifecycleStage": "prospect",
                 "consent": {"fax": {"status": "granted"}}}""");
        assertProblem(r, 400, "firstName", "emails[0]", "phones[0]", "lifecycleStage", "consent[fax]");
    }

    @Test
    void operatorKeysInCustomAttributesAre400() {
        assertProblem(create("""
                {"firstName": "Eve", "customAttributes": {"$gt": ""}}"""), 400, "customAttributes");
    }

    @Test
    void unknownAccountIs422() {
        assertProblem(create(contactBody("Luis", "Pérez", "acc_missing")), 422, "accountId");
    }

    @Test
    void aPrimaryEmailCanBelongToOneContactOnly() {
        String email = "dup." + unique() + "@example.com";
        assertThat(create("{\"firstName\": \"Uno\", \"emails\": [\"" + email + "\"]}").statusCode()).isEqualTo(201);
        assertProblem(create("{\"firstName\": \"Dos\", \"emails\": [\"" + email.toUpperCase() + "\"]}"), 409);
    }

    /** Runs the calls at once (released together) and answers their statuses. */
    private List<Integer> together(List<java.util.concurrent.Callable<HttpResponse<String>>> calls) throws Exception {
        List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (var c : calls) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (var a : answers) {
            statuses.add(a.get().statusCode());
        }
        return statuses;
    }

    @Test
    void ofTwoConcurrentCreatesWithTheSamePrimaryEmailOneIs201AndTheOther409() throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = "race." + unique() + "@example.com";
            List<Integer> statuses = together(List.of(
                    () -> create("{\"firstName\": \"Uno\", \"emails\": [\"" + email + "\"]}"),
                    () -> create("{\"firstName\": \"Dos\", \"emails\": [\"" + email.toUpperCase() + "\"]}")));
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 409);
            assertThat(json(call("GET", "/api/contacts?q=" + email, null)).get("items")).hasSize(1);
        }
    }

    @Test
    void ofTwoContactsConcurrentlyMovedToTheSamePrimaryEmailOneIs200AndTheOther409() throws Exception {
        String email = "moved." + unique() + "@example.com";
        String first = create("{\"firstName\": \"Uno\", \"emails\": [\"uno." + unique() + "@example.com\"]}")
                .headers().firstValue("Location").orElseThrow();
        String second = create("{\"firstName\": \"Dos\", \"emails\": [\"dos." + unique() + "@example.com\"]}")
                .headers().firstValue("Location").orElseThrow();
        List<Integer> statuses = together(List.of(
                () -> call("PUT", first, "{\"firstName\": \"Uno\", \"emails\": [\"" + email + "\"]}"),
                () -> call("PUT", second, "{\"firstName\": \"Dos\", \"emails\": [\"" + email + "\"]}")));
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(json(call("GET", "/api/contacts?q=" + email, null)).get("items")).hasSize(1);
    }

    @Test
    void aContactThatChangesItsPrimaryEmailFreesTheOldOne() {
        String old = "old." + unique() + "@example.com";
        String location = create("{\"firstName\": \"Uno\", \"emails\": [\"" + old + "\"]}").headers().firstValue("Location").orElseThrow();
        assertThat(call("PUT", location, "{\"firstName\": \"Uno\", \"emails\": [\"new." + unique() + "@example.com\", \"" + old + "\"]}")
                .statusCode()).isEqualTo(200);
        assertThat(create("{\"firstName\": \"Dos\", \"emails\": [\"" + old + "\"]}").statusCode()).isEqualTo(201);
        assertProblem(call("PUT", location, "{\"firstName\": \"Uno\", \"emails\": [\"" + old + "\"]}"), 409);
    }

    @Test
    void anEmailLeftClaimedByACreationThatCrashedIsTakenOnceTheClaimExpired() {
        String email = "crashed." + unique() + "@example.com";
        // As if a create had claimed the email an hour ago and died before inserting its contact.
        mongo.insert(new org.bson.Document("_id", "email:" + email).append("owner", "con_CRASHED" + unique())
                .append("ownerVersion", 0L).append("at", java.util.Date.from(Instant.now().minusSeconds(3600)))
                .append("token", "t"), "claims");
        assertThat(create("{\"firstName\": \"Tres\", \"emails\": [\"" + email + "\"]}").statusCode()).isEqualTo(201);
    }

    @Test
    void concurrentUnconditionalUpdatesAllApplyTheLastWriterWins() throws Exception {
        HttpResponse<String> created = create(contactBody("Lucía", "Pérez", null));
        String location = created.headers().firstValue("Location").orElseThrow();
        String email = json(created).get("emails").get(0).asString();
        int writers = 4; // fewer than the attempts an unconditional write gets: each lost race is another's success
        java.util.List<String> titles = java.util.stream.IntStream.range(0, writers).mapToObj(i -> "Title " + i).toList();

        java.util.List<HttpResponse<String>> answers;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> calls = titles.stream().map(title -> threads.submit(() -> {
                start.await();
                return call("PUT", location, """
                        {"firstName": "Lucía", "lastName": "Pérez", "emails": ["%s"], "title": "%s"}""".formatted(email, title));
            })).toList();
            start.countDown();
            answers = new java.util.ArrayList<>();
            for (var c : calls) {
                answers.add(c.get());
            }
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
        HttpResponse<String> now = call("GET", location, null);
        assertThat(now.headers().firstValue("ETag")).contains("\"" + writers + "\"");
        assertThat(json(now).get("title").asString()).isIn(titles);
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        HttpResponse<String> created = create(contactBody("Carlos", "Gómez", null));
        String location = created.headers().firstValue("Location").orElseThrow();
        String firstEtag = created.headers().firstValue("ETag").orElseThrow();
        String email = json(created).get("emails").get(0).asString();

        HttpResponse<String> updated = call("PUT", location, """
                {"firstName": "Carlos", "lastName": "Gómez", "emails": ["%s"], "title": "Director Comercial"}""".formatted(email),
                Map.of("Authorization", ALL.get("Authorization"), "If-Match", firstEtag));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("\"1\"");

        HttpResponse<String> stale = call("PUT", location, """
                {"firstName": "Carlos", "lastName": "Gómez", "emails": ["%s"], "title": "Overwritten"}""".formatted(email),
                Map.of("Authorization", ALL.get("Authorization"), "If-Match", firstEtag));
        assertProblem(stale, 412);
        assertThat(json(call("GET", location, null)).get("title").asString()).isEqualTo("Director Comercial");
    }

    @Test
    void consentChangesAreStampedAndOtherChannelsKept() {
        HttpResponse<String> created = create(contactBody("Beatriz", "Lima", null));
        String location = created.headers().firstValue("Location").orElseThrow();
        JsonNode before = json(created);
        HttpResponse<String> updated = call("PUT", location, """
                {"firstName": "Beatriz", "lastName": "Lima", "emails": ["%s"],
                 "consent": {"sms": {"status": "granted", "source": "call-center"}}}""".formatted(before.get("emails").get(0).asString()));
        JsonNode consent = json(updated).get("consent");
        assertThat(consent.get("email").get("status").asString()).isEqualTo("granted");
        assertThat(consent.get("sms").get("source").asString()).isEqualTo("call-center");

        HttpResponse<String> withdrawn = call("PUT", location, """
                {"firstName": "Beatriz", "lastName": "Lima", "emails": ["%s"],
                 "consent": {"email": {"status": "withdrawn", "source": "unsubscribe-link"}}}""".formatted(before.get("emails").get(0).asString()));
        assertThat(json(withdrawn).get("consent").get("email").get("status").asString()).isEqualTo("withdrawn");
        assertThat(Instant.parse(json(withdrawn).get("consent").get("email").get("at").asString()))
                .isAfter(Instant.parse(before.get("consent").get("email").get("at").asString()));
    }

    @Test
    void consentIsChangedOnOneChannelWithoutResendingTheContact() {
        HttpResponse<String> created = create(contactBody("Marta", "Oliveira", null));
        String location = created.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> withdrawn = call("PUT", location + "/consent/email", """
                {"status": "withdrawn", "source": "phone call"}""");
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode c = json(withdrawn);
        assertThat(c.get("consent").get("email").get("status").asString()).isEqualTo("withdrawn");
        assertThat(c.get("consent").get("email").get("source").asString()).isEqualTo("phone call");
        assertThat(c.get("lifecycleStage").asString()).as("nothing else changes").isEqualTo("customer");

        HttpResponse<String> again = call("PUT", location + "/consent/email", """
                {"status": "withdrawn", "source": "second call"}""");
        assertThat(again.headers().firstValue("ETag")).as("the same status again changes nothing").contains("\"1\"");

        assertProblem(call("PUT", location + "/consent/fax", "{\"status\": \"granted\"}"), 400, "channel");
        assertProblem(call("PUT", location + "/consent/sms", "{\"status\": \"maybe\"}"), 400, "status");
        assertProblem(call("PUT", location + "/consent/sms", "{\"status\": \"granted\"}",
                Map.of("Authorization", ALL.get("Authorization"), "If-Match", "\"0\"")), 412);
        assertProblem(call("PUT", "/api/contacts/con_missing/consent/sms", "{\"status\": \"granted\"}"), 404);
    }

    @Test
    void deletedContactsAre404AndFreeTheirEmail() {
        HttpResponse<String> created = create(contactBody("Temporal", "Borrado", null));
        String location = created.headers().firstValue("Location").orElseThrow();
        String email = json(created).get("emails").get(0).asString();
        assertThat(call("DELETE", location, null).statusCode()).isEqualTo(204);
        assertProblem(call("GET", location, null), 404);
        assertProblem(call("DELETE", location, null), 404);
        assertThat(create("{\"firstName\": \"Nuevo\", \"emails\": [\"" + email + "\"]}").statusCode()).isEqualTo(201);
    }

    @Test
    void unknownContactIs404() {
        assertProblem(call("GET", "/api/contacts/con_doesnotexist", null), 404);
    }

    @Test
    void searchIsByPrefixIgnoringCaseAndAccents() {
        String tag = "s" + unique();
        String account = account("Farmacéutica Zúñiga " + tag);
        String id = json(create("""
                {"firstName": "José", "lastName": "Núñez", "emails": ["jnunez.%s@zuniga.example"], "accountId": "%s", "tags": ["%s"]}"""
                .formatted(tag, account, tag))).get("id").asString();

        for (String q : List.of("jose", "JOSÉ", "nun", "jose nu", "jnunez." + tag, "farmaceutica", "zuniga")) {
            JsonNode items = json(call("GET", "/api/contacts?tag=" + tag + "&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), null)).get("items");
            assertThat(items.findValuesAsString("id")).as("q=" + q).containsExactly(id);
        }
        assertThat(json(call("GET", "/api/contacts?tag=" + tag + "&q=ose", null)).get("items")).isEmpty();
        assertThat(json(call("GET", "/api/contacts?tag=" + tag + "&q=.*", null)).get("items")).isEmpty();
    }

    @Test
    void listsFilterAndPageWithoutDuplicates() {
        String tag = "p" + unique();
        String account = account("Banco del Sur " + tag);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(json(create("""
                    {"firstName": "Cliente%d", "emails": ["c%d.%s@sur.example"], "accountId": "%s", "lifecycleStage": "%s", "tags": ["%s"]}"""
                    .formatted(i, i, tag, account, i % 2 == 0 ? "customer" : "lead", tag))).get("id").asString());
        }
        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(call("GET", "/api/contacts?limit=2&accountId=" + account + (cursor == null ? "" : "&cursor=" + cursor), null));
            page.get("items").forEach(item -> walked.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(walked).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        assertThat(json(call("GET", "/api/contacts?tag=" + tag + "&lifecycleStage=customer", null)).get("items")).hasSize(3);
        assertThat(json(call("GET", "/api/contacts?tag=" + tag + "&updatedSince=2020-01-01T00:00:00Z", null)).get("items")).hasSize(5);
        assertThat(json(call("GET", "/api/contacts?tag=" + tag + "&updatedSince=2999-01-01T00:00:00Z", null)).get("items")).isEmpty();
    }

    @Test
    void badListParametersAre400() {
        assertProblem(call("GET", "/api/contacts?limit=0", null), 400, "limit");
        assertProblem(call("GET", "/api/contacts?updatedSince=yesterday", null), 400, "updatedSince");
        assertProblem(call("GET", "/api/contacts?lifecycleStage=vip", null), 400, "lifecycleStage");
        assertProblem(call("GET", "/api/contacts?cursor=forged", null), 400, "cursor");
    }

    @Test
    void readOnlyCallersCannotWrite() {
        Map<String, String> readOnly = Map.of("Authorization", TestTokens.bearer(Scopes.CONTACTS_READ));
        assertProblem(call("POST", "/api/contacts", contactBody("No", "Write", null), readOnly), 403);
        assertThat(call("GET", "/api/contacts?limit=1", null, readOnly).statusCode()).isEqualTo(200);
        assertProblem(call("GET", "/api/contacts?limit=1", null, Map.of()), 401);
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyCreatesOneContact() {
        String body = contactBody("Repetido", "Dos Veces", null);
        Map<String, String> headers = Map.of("Authorization", ALL.get("Authorization"), "Idempotency-Key", "import-" + unique());
        HttpResponse<String> first = call("POST", "/api/contacts", body, headers);
        HttpResponse<String> retry = call("POST", "/api/contacts", body, headers);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(json(retry).get("id")).isEqualTo(json(first).get("id"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void afterADeletionAReplayedCreateSaysWhereButKeepsNoPersonalData() {
        String body = contactBody("Efímero", "Borrado", null);
        Map<String, String> headers = Map.of("Authorization", ALL.get("Authorization"), "Idempotency-Key", "gone-" + unique());
        HttpResponse<String> first = call("POST", "/api/contacts", body, headers);
        String location = first.headers().firstValue("Location").orElseThrow();
        assertThat(call("DELETE", location, null).statusCode()).isEqualTo(204);

        HttpResponse<String> replay = call("POST", "/api/contacts", body, headers);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Location")).contains(location);
        assertThat(replay.body()).doesNotContain("Efímero", "andina.example");
    }
}
