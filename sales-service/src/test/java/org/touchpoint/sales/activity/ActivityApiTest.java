package org.touchpoint.sales.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.touchpoint.sales.SalesServiceTest;
import tools.jackson.databind.JsonNode;

/** Activities, tasks ("my day") and the briefing over HTTP. */
class ActivityApiTest extends SalesServiceTest {

    @Test
    void logsACallAgainstACustomer() {
        String customer = customerId();
        JsonNode a = created(call("POST", "/api/activities", """
                {"type": "call", "customerId": "%s", "subject": "Seguimiento del pedido de tóner", "outcome": "interesado",
                 "durationMinutes": 12, "direction": "outbound"}""".formatted(customer)));
        assertThat(a.get("id").asString()).startsWith("act_");
        assertThat(a.get("actor").asString()).isNotBlank();
        JsonNode listed = json(call("GET", "/api/activities?customerId=" + customer, null));
        assertThat(listed.get("items").findValuesAsString("id")).containsExactly(a.get("id").asString());
    }

    @Test
    void anActivityNeedsACustomerOrALeadAndValidFields() {
        assertProblem(call("POST", "/api/activities", "{\"type\": \"call\", \"subject\": \"Hola\"}"), 400, "customerId");
        assertProblem(call("POST", "/api/activities", """
                {"type": "fax", "customerId": "%s", "subject": "", "durationMinutes": -4}""".formatted(customerId())),
                400, "type", "subject", "durationMinutes");
        assertProblem(call("POST", "/api/activities", """
                {"type": "meeting", "leadId": "led_01JAAAAAAAAAAAAAAAAAAAAAAA", "subject": "Visita"}"""), 422, "leadId");
        assertProblem(call("GET", "/api/activities/act_01JAAAAAAAAAAAAAAAAAAAAAAA", null), 404);
    }

    @Test
    void myDayListsTodaysAndOverdueTasksOfAnOwner() {
        String owner = "user:day-" + unique();
        Instant now = Instant.now();
        String customer = customerId();
        String overdue = created(call("POST", "/api/tasks", """
                {"title": "Enviar presupuesto", "customerId": "%s", "ownerId": "%s", "dueAt": "%s"}"""
                .formatted(customer, owner, now.minus(2, ChronoUnit.DAYS)))).get("id").asString();
        String later = created(call("POST", "/api/tasks", """
                {"title": "Llamar la semana que viene", "customerId": "%s", "ownerId": "%s", "dueAt": "%s"}"""
                .formatted(customer, owner, now.plus(8, ChronoUnit.DAYS)))).get("id").asString();

        JsonNode overdueList = json(call("GET", "/api/tasks?owner=" + owner + "&due=overdue", null));
        assertThat(overdueList.get("items").findValuesAsString("id")).containsExactly(overdue);
        assertThat(overdueList.get("items").get(0).get("overdue").asBoolean()).isTrue();
        JsonNode all = json(call("GET", "/api/tasks?owner=" + owner, null));
        assertThat(all.get("items").findValuesAsString("id")).containsExactly(overdue, later);
        assertThat(json(call("GET", "/api/tasks?owner=" + owner + "&due=today", null)).get("items").size()).isZero();
        // Due earlier today (half-way between midnight UTC and now): listed as today's and as overdue.
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        String today = created(call("POST", "/api/tasks", """
                {"title": "Preparar la visita", "customerId": "%s", "ownerId": "%s", "dueAt": "%s"}"""
                .formatted(customer, owner, midnight.plusMillis((now.toEpochMilli() - midnight.toEpochMilli()) / 2)))).get("id").asString();
        assertThat(json(call("GET", "/api/tasks?owner=" + owner + "&due=today", null)).get("items").findValuesAsString("id")).containsExactly(today);
        assertProblem(call("GET", "/api/tasks?due=tomorrow", null), 400, "due");
        assertProblem(call("GET", "/api/tasks?due=today&tz=Mars/Olympus", null), 400, "tz");
    }

    @Test
    void aTaskNeedsAnOwnerADueTimeAndACustomer() {
        assertProblem(call("POST", "/api/tasks", "{\"title\": \"x\"}"), 400, "ownerId", "dueAt");
        assertProblem(call("POST", "/api/tasks", """
                {"title": "x", "ownerId": "user:lucia", "dueAt": "2026-11-05T10:00:00Z"}"""), 400, "customerId");
    }

    @Test
    void completingATaskTakesIfMatch() {
        JsonNode t = created(call("POST", "/api/tasks", """
                {"title": "Confirmar visita", "customerId": "%s", "ownerId": "user:lucia", "dueAt": "2030-01-01T09:00:00Z"}""".formatted(customerId())));
        String id = t.get("id").asString();
        String done = """
                {"title": "Confirmar visita", "customerId": "x", "ownerId": "user:lucia", "dueAt": "2030-01-01T09:00:00Z", "status": "done"}""";
        HttpResponse<String> r = callIfMatch("PUT", "/api/tasks/" + id, done, "\"0\"");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("status").asString()).isEqualTo("done");
        assertThat(json(r).get("completedAt").isNull()).isFalse();
        assertProblem(callIfMatch("PUT", "/api/tasks/" + id, done, "\"0\""), 412);
        assertProblem(call("GET", "/api/tasks/tsk_01JAAAAAAAAAAAAAAAAAAAAAAA", null), 404);
    }

    @Test
    void theBriefingOfAnUnknownCustomerIs404AndShowsOwnDataOtherwise() {
        assertProblem(call("GET", "/api/customers/" + customerId() + "/briefing", null), 404);
        String customer = customerId();
        createOpportunity(customer, "user:lucia", "2030-01-15");
        call("POST", "/api/activities", """
                {"type": "meeting", "customerId": "%s", "subject": "Demostración de la multifunción", "durationMinutes": 45}""".formatted(customer));
        JsonNode b = json(call("GET", "/api/customers/" + customer + "/briefing", null));
        assertThat(b.get("profileKnown").asBoolean()).isFalse();
        assertThat(b.get("openOpportunities")).singleElement().satisfies(o -> assertThat(o.get("name").asString()).isEqualTo("Renovación de impresoras"));
        assertThat(b.get("lastActivities").findValuesAsString("subject")).containsExactly("Demostración de la multifunción");
    }
}
