package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Topics;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.sales.SalesEventsTest;
import tools.jackson.databind.JsonNode;

/**
 * The right to be forgotten across sales, on the embedded broker: a customer's tombstone redacts the activities, tasks,
 * deals and leads about that person (read in the raw MongoDB documents), keeps the figures, survives a redelivery
 * without a write, refuses records that arrive later, and leaves another customer's records alone.
 */
class ErasureEventsTest extends SalesEventsTest {

    @Autowired
    MongoTemplate mongo;

    /** What sales holds about one customer, every free text carrying {@link #token} so that a leak is found by search. */
    record Dossier(String customerId, String token, String owner, String leadId, String call, String meeting, String leadEmail,
                   String openTask, String doneTask, String leadTask, String openDeal, String wonDeal) {

        Map<String, String> documents() {
            Map<String, String> docs = new LinkedHashMap<>();
            for (String id : List.of(call, meeting, leadEmail)) {
                docs.put(id, "activities");
            }
            for (String id : List.of(openTask, doneTask, leadTask)) {
                docs.put(id, "tasks");
            }
            docs.put(openDeal, "opportunities");
            docs.put(wonDeal, "opportunities");
            return docs;
        }
    }

    @Test
    void aTombstoneRedactsActivitiesTasksAndDealsKeepsTheFiguresAndRefusesLateRecords() {
        Dossier erased = dossier("Olvido");
        Dossier other = dossier("Sigue");
        Dossier probe = dossier("Sonda");
        awaitPublished(erased, other, probe);
        Map<String, Document> otherBefore = snapshot(other);

        publishTombstone(erased.customerId());

        // Every free text about the person is gone from the stored documents (outbox included) and from the leads.
        await().atMost(WAIT).until(() -> erased.documents().entrySet().stream()
                .allMatch(e -> raw(e.getValue(), e.getKey()).get("erasedAt") != null));
        erased.documents().forEach((id, collection) -> assertThat(raw(collection, id).toJson()).as(collection + " " + id)
                .doesNotContain(erased.token()));
        await().atMost(WAIT).until(() -> !raw("leads", erased.leadId()).toJson().contains(erased.token()));
        // The copy is the forgotten marker, the email lookup is gone, and the erasure is no longer pending.
        await().atMost(WAIT).until(() -> mongo.findById(erased.customerId(), Document.class, Erasures.COLLECTION) == null);
        assertThat(raw(SalesCustomerFold.COLLECTION, erased.customerId())).containsEntry("forgotten", true);
        assertThat(raw(SalesCustomerFold.COLLECTION, erased.customerId()).toJson()).doesNotContain(erased.token());
        assertThat(mongo.findById(EmailKeys.of(emailOf(erased)), Document.class, EmailKeys.COLLECTION)).isNull();
        await().atMost(WAIT).until(() -> mongo.findById(EmailKeys.of(emailOf(other)), Document.class, EmailKeys.COLLECTION) != null);

        // ... while what the figures need stays.
        Document call = raw("activities", erased.call());
        assertThat(call).doesNotContainKeys("subject", "notes", "outcome");
        assertThat(call).containsEntry("type", "call").containsEntry("customerId", erased.customerId())
                .containsEntry("ownerId", erased.owner()).containsEntry("durationMinutes", 25).containsEntry("direction", "outbound");
        assertThat(call.get("occurredAt")).isNotNull();
        assertThat(raw("activities", erased.leadEmail())).containsEntry("leadId", erased.leadId()).containsEntry("type", "email");
        Document openTask = raw("tasks", erased.openTask());
        assertThat(openTask).doesNotContainKeys("title", "notes", "pendingDueAt");
        assertThat(openTask).containsEntry("status", "cancelled").containsEntry("ownerId", erased.owner());
        assertThat(openTask.get("dueAt")).isNotNull();
        assertThat(raw("tasks", erased.doneTask())).containsEntry("status", "done");
        Document won = raw("opportunities", erased.wonDeal());
        assertThat(won).containsEntry("name", "(erased)").doesNotContainKey("closeReason");
        assertThat(won).containsEntry("status", "won").containsEntry("stage", "won").containsEntry("currency", "EUR")
                .containsEntry("ownerId", erased.owner());
        assertThat(won.get("amount").toString()).isEqualTo("3700.00");
        assertThat(won.getList("lineItems", Document.class)).extracting(i -> i.getString("productCode"))
                .containsExactly("TONER-HP-85A", "support-premium");
        assertThat(won.getList("stageHistory", Document.class)).extracting(v -> v.getString("stage"))
                .containsExactly("prospecting", "proposal", "won");
        assertThat(won.get("closedAt")).isNotNull();
        assertThat(raw("opportunities", erased.openDeal())).containsEntry("status", "open").containsEntry("stage", "proposal");

        // The API answers for them stay consistent: readable, redacted, marked.
        JsonNode activity = json(call("GET", "/api/activities/" + erased.call(), null));
        assertThat(activity.get("subject").isNull()).isTrue();
        assertThat(activity.get("erasedAt").isNull()).isFalse();
        JsonNode activities = json(call("GET", "/api/activities?customerId=" + erased.customerId(), null)).get("items");
        assertThat(activities.size()).isEqualTo(2);
        activities.forEach(a -> assertThat(a.get("subject").isNull() && a.get("notes").isNull() && !a.get("erasedAt").isNull()).isTrue());
        assertThat(json(call("GET", "/api/tasks/" + erased.openTask(), null)).get("status").asString()).isEqualTo("cancelled");
        JsonNode ownersOpenTasks = json(call("GET", "/api/tasks?status=open&owner=" + erased.owner(), null)).get("items");
        assertThat(ownersOpenTasks.size()).as("the erased customer's task left the salesperson's list").isZero();
        JsonNode deal = json(call("GET", "/api/opportunities/" + erased.wonDeal(), null));
        assertThat(deal.get("name").asString()).isEqualTo("(erased)");
        assertThat(deal.get("closeReason").isNull()).isTrue();
        assertThat(deal.get("amount").get("amount").asString()).isEqualTo("3700.00");
        assertThat(call("GET", "/api/customers/" + erased.customerId() + "/briefing", null).statusCode()).isEqualTo(404);

        // A redelivered tombstone writes nothing. It goes to partition 0, followed there by the probe customer's
        // tombstone: once the probe is erased, the redelivery before it has been handled.
        Map<String, Document> erasedAfter = snapshot(erased);
        sendToPartitionZero(erased.customerId());
        sendToPartitionZero(probe.customerId());
        await().atMost(WAIT).until(() -> raw("activities", probe.call()).get("erasedAt") != null);
        assertThat(snapshot(erased)).isEqualTo(erasedAfter);

        // Another customer's records are untouched.
        assertThat(snapshot(other)).isEqualTo(otherBefore);
        assertThat(raw("tasks", other.openTask())).containsEntry("status", "open").doesNotContainKey("erasedAt");
        assertThat(raw("activities", other.call()).getString("subject")).contains(other.token());

        // Records that arrive later about the erased customer are refused, and its records do not come back to life.
        assertProblem(call("POST", "/api/activities", activityBody("call", erased.customerId(), null, "late " + erased.token(), erased.owner())), 422, "customerId");
        assertProblem(call("POST", "/api/activities", activityBody("email", null, erased.leadId(), "late " + erased.token(), erased.owner())), 422, "leadId");
        assertProblem(call("POST", "/api/tasks", taskBody(erased.customerId(), null, "late " + erased.token(), erased.owner())), 422, "customerId");
        assertProblem(call("POST", "/api/tasks", taskBody(null, erased.leadId(), "late " + erased.token(), erased.owner())), 422, "leadId");
        assertProblem(call("POST", "/api/opportunities", dealBody(erased.customerId(), "late " + erased.token(), erased.owner())), 422, "customerId");
        assertProblem(call("POST", "/api/leads/" + erased.leadId() + "/convert", "{}"), 422, "customerId");
        HttpResponse<String> task = call("GET", "/api/tasks/" + erased.openTask(), null);
        assertProblem(callIfMatch("PUT", "/api/tasks/" + erased.openTask(), taskBody(erased.customerId(), null, "again " + erased.token(), erased.owner()),
                task.headers().firstValue("ETag").orElseThrow()), 409);
        HttpResponse<String> open = call("GET", "/api/opportunities/" + erased.openDeal(), null);
        assertProblem(callIfMatch("PUT", "/api/opportunities/" + erased.openDeal(), dealBody(erased.customerId(), "again " + erased.token(), erased.owner()),
                open.headers().firstValue("ETag").orElseThrow()), 409);
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("customerId").is(erased.customerId())), "activities")).isEqualTo(2);

        // The open deal can still be closed for the forecast, without a close reason.
        HttpResponse<String> lost = call("POST", "/api/opportunities/" + erased.openDeal() + "/stage",
                """
                {"stage": "lost", "closeReason": "%s se mudó"}""".formatted(erased.token()));
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);
        assertThat(raw("opportunities", erased.openDeal()).toJson()).doesNotContain(erased.token());
        assertThat(raw("opportunities", erased.openDeal())).containsEntry("status", "lost");
    }

    /** A customer with a lead, three activities, three tasks and two deals, all naming the person. */
    private Dossier dossier(String name) {
        String customer = customerId();
        String token = name + "-" + unique();
        String owner = "user:vendedor-" + unique();
        publishProfile(customer, name, token, token.toLowerCase() + "@papeleria.example", 1);
        String lead = created(call("POST", "/api/leads", """
                {"firstName": "%s", "lastName": "%s", "email": "%s@papeleria.example", "customerId": "%s", "ownerId": "%s",
                 "title": "Compras %s", "notes": "Quiere tóner barato, dice %s"}"""
                .formatted(name, token, token.toLowerCase(), customer, owner, token, token))).get("id").asString();
        String callId = created(call("POST", "/api/activities", activityBody("call", customer, null, "Llamada a " + token, owner))).get("id").asString();
        String meeting = created(call("POST", "/api/activities", activityBody("meeting", customer, null, "Visita a " + token, owner))).get("id").asString();
        String leadEmail = created(call("POST", "/api/activities", activityBody("email", null, lead, "Catálogo para " + token, owner))).get("id").asString();
        String openTask = created(call("POST", "/api/tasks", taskBody(customer, null, "Volver a llamar a " + token, owner))).get("id").asString();
        HttpResponse<String> done = call("POST", "/api/tasks", taskBody(customer, null, "Enviar muestras a " + token, owner));
        String doneTask = created(done).get("id").asString();
        HttpResponse<String> completed = callIfMatch("PUT", "/api/tasks/" + doneTask,
                taskBody(customer, null, "Enviar muestras a " + token, owner).replace("}", ", \"status\": \"done\"}"),
                done.headers().firstValue("ETag").orElseThrow());
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        String leadTask = created(call("POST", "/api/tasks", taskBody(null, lead, "Presupuesto para " + token, owner))).get("id").asString();
        String openDeal = created(call("POST", "/api/opportunities", dealBody(customer, "Tóner para la tienda de " + token, owner))).get("id").asString();
        String wonDeal = created(call("POST", "/api/opportunities", dealBody(customer, "Soporte para " + token, owner))).get("id").asString();
        for (String deal : List.of(openDeal, wonDeal)) {
            assertThat(call("POST", "/api/opportunities/" + deal + "/stage", "{\"stage\": \"proposal\"}").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> won = call("POST", "/api/opportunities/" + wonDeal + "/stage",
                """
                {"stage": "won", "closeReason": "%s confía en nosotros", "channel": "visit"}""".formatted(token));
        assertThat(won.statusCode()).as(won.body()).isEqualTo(200);
        return new Dossier(customer, token, owner, lead, callId, meeting, leadEmail, openTask, doneTask, leadTask, openDeal, wonDeal);
    }

    private static String emailOf(Dossier d) {
        return d.token().toLowerCase() + "@papeleria.example";
    }

    private static String activityBody(String type, String customerId, String leadId, String subject, String owner) {
        return """
                {"type": "%s", %s "subject": "%s", "notes": "Notas sobre %s", "outcome": "%s interesada",
                 "durationMinutes": 25, "direction": "outbound", "ownerId": "%s"}"""
                .formatted(type, subjectOf(customerId, leadId), subject, subject, subject, owner);
    }

    private static String taskBody(String customerId, String leadId, String title, String owner) {
        return """
                {%s "title": "%s", "notes": "Detalles: %s", "ownerId": "%s", "dueAt": "%s"}"""
                .formatted(subjectOf(customerId, leadId), title, title, owner, Instant.now().plus(2, ChronoUnit.DAYS));
    }

    private static String dealBody(String customerId, String name, String owner) {
        return """
                {"customerId": "%s", "name": "%s", "currency": "EUR", "ownerId": "%s", "expectedCloseDate": "2026-12-15",
                 "lineItems": [
                   {"productCode": "TONER-HP-85A", "name": "Tóner HP 85A", "category": "ink-cartridges", "quantity": 40, "unitPrice": "62.50"},
                   {"productCode": "support-premium", "name": "Soporte premium", "category": "support-plan", "quantity": 1, "unitPrice": "1200.00", "termMonths": 12}
                 ]}""".formatted(customerId, name, owner);
    }

    private static String subjectOf(String customerId, String leadId) {
        return (customerId == null ? "" : "\"customerId\": \"" + customerId + "\", ") + (leadId == null ? "" : "\"leadId\": \"" + leadId + "\", ");
    }

    /** The relay has published every touch of these records: nothing personal waits in their outbox any more. */
    private void awaitPublished(Dossier... dossiers) {
        for (Dossier d : dossiers) {
            await().atMost(WAIT).until(() -> d.documents().entrySet().stream()
                    .allMatch(e -> raw(e.getValue(), e.getKey()).getList("outbox", Object.class, List.of()).isEmpty()));
        }
    }

    private Map<String, Document> snapshot(Dossier d) {
        Map<String, Document> docs = new LinkedHashMap<>();
        d.documents().forEach((id, collection) -> docs.put(id, raw(collection, id)));
        return docs;
    }

    private Document raw(String collection, String id) {
        Document doc = mongo.findById(id, Document.class, collection);
        assertThat(doc).as(collection + " " + id).isNotNull();
        return doc;
    }

    private void sendToPartitionZero(String customerId) {
        ProducerRecord<String, byte[]> tombstone = codec.profileTombstone(customerId);
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), new ProducerRecord<>(Topics.CUSTOMER_PROFILES, 0, tombstone.key(), null));
    }
}
