package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.e2e.Gateway.Reply;
import tools.jackson.databind.JsonNode;

/** The contacts API through the gateway: create, read, update with ETags, keys and scopes, bad input. */
@ExtendWith(RunningPlatform.class)
class ContactApiIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final Gateway gateway;

    ContactApiIT(Gateway gateway) {
        this.gateway = gateway;
    }

    @Test
    void createsAContactWithLocationAndEtagAndReadsItBack() {
        Map<String, Object> body = contact("Camila", "Fernández");
        body.put("phones", List.of("+56 9 1234 5678"));
        body.put("title", "Jefa de compras");
        body.put("tags", List.of("vip"));
        body.put("customAttributes", Map.of("favouriteColour", "teal"));
        body.put("externalIds", Map.of("erp", "C-1001"));

        Reply created = gateway.api().post("/api/contacts", body);

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode contact = created.json();
        String id = id(contact);
        assertThat(id).isNotBlank();
        assertThat(created.header("ETag")).as("ETag of %s", created).isPresent();
        assertThat(created.header("Location")).as("Location of %s", created).isPresent();
        URI location = gateway.url(created.header("Location").orElseThrow());
        assertThat(location).as("the Location a client follows: through the gateway")
                .isEqualTo(gateway.url("/api/contacts/" + id));
        assertThat(contact.path("firstName").asString()).isEqualTo("Camila");
        assertThat(contact.path("lifecycleStage").asString()).as("default stage").isEqualTo("lead");
        assertThat(contact.path("emails").get(0).asString()).isEqualTo(((List<?>) body.get("emails")).getFirst());

        Reply read = gateway.api().get(location.getRawPath());

        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
        JsonNode stored = read.json();
        assertThat(id(stored)).isEqualTo(id);
        assertThat(stored.path("lastName").asString()).isEqualTo("Fernández");
        assertThat(stored.path("title").asString()).isEqualTo("Jefa de compras");
        assertThat(stored.path("phones").get(0).asString()).isEqualTo("+56 9 1234 5678");
        assertThat(stored.path("tags").get(0).asString()).isEqualTo("vip");
        assertThat(stored.path("customAttributes").path("favouriteColour").asString()).isEqualTo("teal");
        assertThat(stored.path("externalIds").path("erp").asString()).isEqualTo("C-1001");
    }

    @Test
    void rejectsARequestWithoutAnApiKeyWith401Problem() {
        Reply reply = gateway.as(null).get("/api/contacts?limit=1");

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void aKeyWithoutContactsWriteMayReadButNotCreate() {
        String id = id(TestData.create(gateway, contact()));
        JsonNode readOnly = gateway.createApiKey("e2e read-only " + TestData.unique(), "contacts:read");
        Gateway.Caller reader = gateway.as(readOnly.path("key").asString());

        Reply post = reader.post("/api/contacts", contact());
        Reply get = reader.get("/api/contacts/" + id);

        assertThat(post.status()).as("%s", post).isEqualTo(403);
        assertThat(post.contentType()).startsWith(PROBLEM_JSON);
        assertThat(get.status()).as("%s", get).isEqualTo(200);
        assertThat(id(get.json())).isEqualTo(id);
    }

    @Test
    void rejectsAStaleIfMatchWith412AndKeepsTheStoredContact() {
        Map<String, Object> body = contact("Mateo", "Silva");
        Reply created = gateway.api().post("/api/contacts", body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = id(created.json());
        String firstEtag = created.header("ETag").orElseThrow();

        body.put("title", "Gerente");
        Reply updated = gateway.api().header("If-Match", firstEtag).put("/api/contacts/" + id, body);

        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        String secondEtag = updated.header("ETag").orElseThrow();
        assertThat(secondEtag).isNotEqualTo(firstEtag);
        assertThat(updated.json().path("title").asString()).isEqualTo("Gerente");

        body.put("title", "Stale write");
        Reply stale = gateway.api().header("If-Match", firstEtag).put("/api/contacts/" + id, body);

        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        assertThat(stale.contentType()).startsWith(PROBLEM_JSON);
        Reply read = gateway.api().get("/api/contacts/" + id);
        assertThat(read.json().path("title").asString()).isEqualTo("Gerente");
        assertThat(read.header("ETag")).contains(secondEtag);
    }

    @Test
    void withdrawsConsentOnOneChannelThroughTheGateway() {
        String id = id(TestData.create(gateway, contact("Inês", "Carvalho")));

        Reply withdrawn = gateway.api().put("/api/contacts/" + id + "/consent/email",
                Map.of("status", "withdrawn", "source", "unsubscribe link"));

        assertThat(withdrawn.status()).as("%s", withdrawn).isEqualTo(200);
        assertThat(withdrawn.json().path("consent").path("email").path("status").asString()).isEqualTo("withdrawn");
        assertThat(gateway.api().put("/api/contacts/" + id + "/consent/fax", Map.of("status", "granted")).status()).isEqualTo(400);
    }

    @Test
    void rejectsAnInvalidEmailWith400NamingTheField() {
        Map<String, Object> body = contact();
        body.put("emails", List.of("not-an-email"));

        Reply reply = gateway.api().post("/api/contacts", body);

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.errorFields()).as("%s", reply).contains("emails[0]");
    }

    @Test
    void rejectsABodyOverTheSizeLimitWith413() {
        Map<String, Object> body = contact();
        body.put("notes", Map.of("preferences", "x".repeat(2 * 1024 * 1024)));

        Reply reply = gateway.api().post("/api/contacts", body);

        assertThat(reply.status()).as("%s", reply.request() + " → " + reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
    }

    @Test
    void rejectsAnOperatorKeyInCustomAttributesWith400() {
        Map<String, Object> body = contact();
        body.put("customAttributes", Map.of("$gt", ""));

        Reply reply = gateway.api().post("/api/contacts", body);

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.errorFields()).as("%s", reply).anyMatch(field -> field.startsWith("customAttributes"));
    }

    @Test
    void answers404ProblemForAnUnknownContact() {
        Reply reply = gateway.api().get("/api/contacts/no-such-contact-" + TestData.unique());

        assertThat(reply.status()).as("%s", reply).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
    }

    @Test
    void rejectsMalformedJsonWith400() {
        Reply reply = gateway.api().post("/api/contacts", "{\"firstName\": \"Ana\", ");

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
    }

    @Test
    void rejectsAPlainTextBodyWith415() {
        Reply reply = gateway.api().send("POST", "/api/contacts", "text/plain", "firstName=Ana");

        assertThat(reply.status()).as("%s", reply).isEqualTo(415);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
    }

    @Test
    void replaysACreateWithTheSameIdempotencyKey() {
        Map<String, Object> body = contact("Lucía", "Gómez");
        String email = (String) ((List<?>) body.get("emails")).getFirst();
        Gateway.Caller caller = gateway.api().header("Idempotency-Key", "e2e-" + TestData.unique());

        Reply first = caller.post("/api/contacts", body);
        Reply second = caller.post("/api/contacts", body);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(second.status()).as("%s", second).isEqualTo(201);
        assertThat(id(second.json())).isEqualTo(id(first.json()));
        assertThat(second.header("Idempotent-Replayed")).contains("true");
        List<JsonNode> found = gateway.api().listAll("/api/contacts?q=" + Gateway.enc(email), 50);
        assertThat(found).extracting(TestData::id).containsExactly(id(first.json()));
    }
}
