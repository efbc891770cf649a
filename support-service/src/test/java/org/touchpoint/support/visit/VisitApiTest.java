package org.touchpoint.support.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** Field visits: scheduling, their status machine and touches, a technician's day. */
class VisitApiTest extends SupportServiceTest {

    @Autowired
    EventCodec codec;

    private HttpResponse<String> schedule(String caseId, String technician, String start, String end) {
        return call("POST", "/api/cases/" + caseId + "/visits", """
                {"technician": "%s", "windowStart": "%s", "windowEnd": "%s",
                 "address": {"line1": "Calle 10 # 43-12", "city": "Medellín", "postalCode": "050021", "country": "co"},
                 "notes": "Llevar cabezal de repuesto"}""".formatted(technician, start, end));
    }

    private boolean kind(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r, String customer, String kind) {
        return customer.equals(r.key()) && codec.readTouch(r).map(e -> e.data().kind().equals(kind)).orElse(false);
    }

    @Test
    void aVisitIsScheduledGoesEnRouteAndIsDoneWithItsTouches() {
        String customer = customerId();
        String caseId = openCase(customer, null, "high").get("id").asString();
        String technician = "tech-" + unique();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> r = schedule(caseId, technician, "2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode v = json(r);
            String id = v.get("id").asString();
            assertThat(id).startsWith("vis_");
            assertThat(v.get("status").asString()).isEqualTo("scheduled");
            assertThat(v.get("address").get("country").asString()).isEqualTo("CO");
            Touch scheduled = codec.readTouch(touches.await(rec -> kind(rec, customer, "visit.scheduled"), Duration.ofSeconds(30))).orElseThrow().data();
            assertThat(scheduled.channel()).isEqualTo("visit");
            assertThat(scheduled.refs()).containsEntry("visitId", id).containsEntry("caseId", caseId);
            assertThat(scheduled.attributes()).containsEntry("technician", technician).containsEntry("windowStart", "2026-11-23T14:00:00Z");

            assertThat(call("POST", "/api/visits/" + id + "/status", """
                    {"status": "en-route"}""").statusCode()).isEqualTo(200);
            JsonNode done = json(call("POST", "/api/visits/" + id + "/status", """
                    {"status": "done", "note": "Cabezal reemplazado, imprime correctamente"}"""));
            assertThat(done.get("status").asString()).isEqualTo("done");
            assertThat(done.get("outcome").asString()).startsWith("Cabezal");
            touches.await(rec -> kind(rec, customer, "visit.completed"), Duration.ofSeconds(30));
            assertProblem(call("POST", "/api/visits/" + id + "/status", """
                    {"status": "cancelled"}"""), 409);
        }
    }

    @Test
    void cancellingPublishesVisitCancelledAndHidesItFromTheDay() {
        String customer = customerId();
        String caseId = openCase(customer, null, "normal").get("id").asString();
        String technician = "tech-" + unique();
        String id = json(schedule(caseId, technician, "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z")).get("id").asString();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            assertThat(call("POST", "/api/visits/" + id + "/status", """
                    {"status": "cancelled", "note": "El cliente no estará"}""").statusCode()).isEqualTo(200);
            touches.await(rec -> kind(rec, customer, "visit.cancelled"), Duration.ofSeconds(30));
        }
        assertThat(json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-24", null)).get("items").size()).isZero();
        assertThat(json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-24&includeCancelled=true", null)).get("items").size()).isEqualTo(1);
    }

    @Test
    void aTechniciansDayListsTheirVisitsInTimeOrder() {
        String caseId = openCase(customerId(), null, "normal").get("id").asString();
        String technician = "tech-" + unique();
        String late = json(schedule(caseId, technician, "2026-11-25T15:00:00Z", "2026-11-25T17:00:00Z")).get("id").asString();
        String early = json(schedule(caseId, technician, "2026-11-25T08:00:00Z", "2026-11-25T09:00:00Z")).get("id").asString();
        schedule(caseId, technician, "2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z");
        schedule(caseId, "someone-else-" + unique(), "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z");
        JsonNode day = json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-25", null));
        assertThat(day.get("items").findValuesAsString("id")).containsExactly(early, late);
        // in Bogotá (UTC-5) the 25th starts at 05:00Z and ends at 05:00Z on the 26th
        JsonNode bogota = json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-25&zone=America/Bogota", null));
        assertThat(bogota.get("items").size()).isEqualTo(2);
        assertProblem(call("GET", "/api/technicians/" + technician + "/visits?date=mañana", null), 400, "date");
        assertProblem(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-25&zone=Mars/Olympus", null), 400, "zone");
    }

    @Test
    void badWindowsAndMissingFieldsAre400AndAnUnknownCaseIs404() {
        String caseId = openCase(customerId(), null, "normal").get("id").asString();
        assertProblem(schedule(caseId, "tech", "2026-11-25T10:00:00Z", "2026-11-25T09:00:00Z"), 400, "windowEnd");
        assertProblem(call("POST", "/api/cases/" + caseId + "/visits", """
                {"windowStart": "2026-11-25T10:00:00Z"}"""), 400, "technician", "windowEnd", "address");
        assertProblem(schedule("cas_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", "tech", "2026-11-25T08:00:00Z", "2026-11-25T09:00:00Z"), 404);
        assertProblem(call("GET", "/api/visits/vis_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", null), 404);
    }

    @Test
    void aScheduledVisitIsRescheduledWithIfMatchAndPublishesTheNewWindow() {
        String customer = customerId();
        String caseId = openCase(customer, null, "normal").get("id").asString();
        String technician = "tech-" + unique();
        HttpResponse<String> created = schedule(caseId, technician, "2026-11-27T08:00:00Z", "2026-11-27T10:00:00Z");
        String id = json(created).get("id").asString();
        String etag = created.headers().firstValue("ETag").orElseThrow();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> moved = callIfMatch("PATCH", "/api/visits/" + id, """
                    {"windowStart": "2026-11-28T13:00:00Z", "windowEnd": "2026-11-28T15:00:00Z"}""", etag);
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
            Touch t = codec.readTouch(touches.await(rec -> kind(rec, customer, "visit.scheduled")
                    && codec.readTouch(rec).orElseThrow().data().attributes().containsKey("rescheduled"), Duration.ofSeconds(30))).orElseThrow().data();
            assertThat(t.attributes()).containsEntry("windowStart", "2026-11-28T13:00:00Z").containsEntry("rescheduled", true);
        }
        assertProblem(callIfMatch("PATCH", "/api/visits/" + id, """
                {"technician": "otro"}""", etag), 412);
        assertThat(json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-28", null)).get("items").size()).isEqualTo(1);
        assertThat(json(call("GET", "/api/technicians/" + technician + "/visits?date=2026-11-27", null)).get("items").size()).isZero();
        assertProblem(call("PATCH", "/api/visits/" + id, """
                {"windowEnd": "2026-11-28T12:00:00Z"}"""), 400, "windowEnd");
        call("POST", "/api/visits/" + id + "/status", """
                {"status": "en-route"}""");
        assertProblem(call("PATCH", "/api/visits/" + id, """
                {"technician": "otro"}"""), 409);
    }
}
