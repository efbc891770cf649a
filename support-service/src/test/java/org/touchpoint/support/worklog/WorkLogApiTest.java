package org.touchpoint.support.worklog;

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

/** Work logs, their cost, the work.logged touch and the support cost per customer. */
class WorkLogApiTest extends SupportServiceTest {

    @Autowired
    EventCodec codec;

    private HttpResponse<String> log(String caseId, String agent, int minutes, String rate, String currency) {
        return call("POST", "/api/cases/" + caseId + "/work-logs", """
                {"agent": "%s", "minutes": %d, "rate": {"amount": "%s", "currency": "%s"}, "note": "Diagnóstico remoto"}"""
                .formatted(agent, minutes, rate, currency));
    }

    @Test
    void aWorkLogCostsMinutesTimesTheHourlyRateAndPublishesWorkLogged() {
        String customer = customerId();
        String caseId = openCase(customer, null, "normal").get("id").asString();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> r = log(caseId, "user:camila", 45, "60.00", "EUR");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode w = json(r);
            assertThat(w.get("id").asString()).startsWith("wlg_");
            assertThat(w.get("cost").get("amount").asString()).isEqualTo("45.00");
            assertThat(w.get("cost").get("currency").asString()).isEqualTo("EUR");
            Touch t = codec.readTouch(touches.await(rec -> customer.equals(rec.key())
                    && codec.readTouch(rec).map(e -> e.data().kind().equals("work.logged")).orElse(false), Duration.ofSeconds(30))).orElseThrow().data();
            assertThat(t.amount().amount()).isEqualTo("45.00");
            assertThat(t.attributes()).containsEntry("agent", "user:camila").containsEntry("minutes", 45);
            assertThat(t.refs()).containsEntry("caseId", caseId).containsEntry("workLogId", w.get("id").asString());
        }
        assertThat(json(call("GET", "/api/cases/" + caseId + "/work-logs", null)).get("items").size()).isEqualTo(1);
    }

    @Test
    void negativeMinutesAndBadRatesAre400() {
        String caseId = openCase(customerId(), null, "normal").get("id").asString();
        assertProblem(log(caseId, "user:camila", -5, "60.00", "EUR"), 400, "minutes");
        assertProblem(log(caseId, "user:camila", 5, "-1", "EUR"), 400, "rate.amount");
        assertProblem(log(caseId, "user:camila", 5, "abc", "EUR"), 400, "rate.amount");
        assertProblem(log(caseId, "user:camila", 5, "10", "euro"), 400, "rate.currency");
        assertProblem(call("POST", "/api/cases/" + caseId + "/work-logs", """
                {"minutes": 5}"""), 400, "agent", "rate");
        assertProblem(log("cas_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", "user:camila", 5, "10", "EUR"), 404);
    }

    @Test
    void theSupportCostOfACustomerIsSummedPerCurrencyAndPerCase() {
        String customer = customerId();
        String a = openCase(customer, null, "normal").get("id").asString();
        String b = openCase(customer, null, "high").get("id").asString();
        log(a, "user:camila", 30, "50.00", "EUR");
        log(a, "user:tomas", 20, "33.33", "EUR");
        log(b, "user:joao", 60, "120000", "COP");
        JsonNode cost = json(call("GET", "/api/customers/" + customer + "/support-cost", null));
        assertThat(cost.get("minutes").asInt()).isEqualTo(110);
        assertThat(cost.get("totals").findValuesAsString("currency")).containsExactly("COP", "EUR");
        assertThat(cost.get("totals").get(1).get("amount").asString()).isEqualTo("36.11"); // 25.00 + 11.11
        assertThat(cost.get("totals").get(0).get("amount").asString()).isEqualTo("120000.00");
        assertThat(cost.get("cases").size()).isEqualTo(2);
        assertThat(cost.get("cases").get(0).get("caseId").asString()).isEqualTo(a);
        assertThat(cost.get("cases").get(0).get("minutes").asInt()).isEqualTo(50);
        assertProblem(call("GET", "/api/customers/" + customerId() + "/support-cost", null), 404);
    }

    @Test
    void workCannotBeLoggedOnAClosedCase() {
        String caseId = openCase(customerId(), null, "normal").get("id").asString();
        call("POST", "/api/cases/" + caseId + "/status", """
                {"status": "closed"}""");
        assertProblem(log(caseId, "user:camila", 5, "10", "EUR"), 409);
    }
}
