package org.touchpoint.analytics.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.analytics.AnalyticsServiceTest;
import org.touchpoint.analytics.generation.Generations;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import tools.jackson.databind.JsonNode;

/** The service against the embedded broker: consumed touches and profiles change the 360 view and the timeline. */
class AnalyticsEventsTest extends AnalyticsServiceTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    Generations generations;

    private final Instant t0 = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private JsonNode view(String id) {
        HttpResponse<String> r = get("/api/customers/" + id + "/360");
        return r.statusCode() == 200 ? json(r) : null;
    }

    private JsonNode timeline(String id, String query) {
        HttpResponse<String> r = get("/api/customers/" + id + "/timeline" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void touchesFromEveryServiceReachThe360AndTheTimeline() {
        String id = customerId();
        publishProfile(profile(id, 0, "Lucía", "Fernández"));
        publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_CREATED).occurredAt(t0).ref("opportunityId", "opp_a")
                .amount(new Money("8000.00", "EUR")).attribute("name", "Renovación flota").attribute("stage", "proposal")
                .attribute("probability", 50).attribute("expectedCloseDate", "2026-12-15").build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT).occurredAt(t0.plusSeconds(60))
                .ref("opportunityId", "opp_b").amount(new Money("12000.00", "EUR")).attribute("name", "Licencias Andina")
                .attribute("cycleDays", 30).attribute("lineItems", List.of(Map.of("productCode", "LIC-50", "name", "Licencia anual",
                        "quantity", 50, "unitPrice", "240.00"))).build()));
        publish(event("support-service", Touch.builder(id, TouchKinds.CASE_OPENED).channel(Channels.PHONE).occurredAt(t0.plusSeconds(120))
                .ref("caseId", "cas_1").attribute("priority", "urgent").attribute("tier", "premium").attribute("subject", "Caída del TPV").build()));
        publish(event("support-service", Touch.builder(id, TouchKinds.SLA_BREACHED).occurredAt(t0.plusSeconds(180)).ref("caseId", "cas_1")
                .attribute("target", "first-response").attribute("tier", "premium").attribute("priority", "urgent").build()));
        publish(event("support-service", Touch.builder(id, TouchKinds.WORK_LOGGED).occurredAt(t0.plusSeconds(240)).ref("caseId", "cas_1")
                .attribute("minutes", 30).amount(new Money("25.00", "EUR")).build()));
        publish(event("support-service", Touch.builder(id, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(t0.plusSeconds(300))
                .ref("caseId", "cas_0").attribute("score", 4).build()));
        publish(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(360))
                .ref("campaignId", "cmp_bf").ref("messageId", "msg_1").attribute("campaignName", "Black Friday").build()));
        publish(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_OPENED).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(420))
                .ref("campaignId", "cmp_bf").ref("messageId", "msg_1").build()));
        publish(event("marketing-service", Touch.builder(id, TouchKinds.LINK_CLICKED).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(480))
                .ref("campaignId", "cmp_bf").ref("messageId", "msg_1").attribute("link", "oferta").build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0.plusSeconds(540))
                .summary("Seguimiento de la propuesta").build()));

        await().atMost(WAIT).until(() -> {
            JsonNode v = view(id);
            return v != null && v.path("touches").path("total").asLong() == 10 && !v.path("partial").asBoolean();
        });
        JsonNode v = view(id);
        assertThat(v.path("profile").path("displayName").asString()).isEqualTo("Lucía Fernández");
        assertThat(v.path("lifetimeValue").get(0).path("amount").asString()).isEqualTo("12000.00");
        assertThat(v.path("purchases").path("count").asLong()).isEqualTo(1);
        assertThat(v.path("purchases").path("recent").get(0).path("lineItems").get(0).path("productCode").asString()).isEqualTo("LIC-50");
        assertThat(v.path("pipeline").path("openCount").asInt()).isEqualTo(1);
        assertThat(v.path("pipeline").path("weightedValue").get(0).path("amount").asString()).isEqualTo("4000.00");
        assertThat(v.path("support").path("openCases").asInt()).isEqualTo(1);
        assertThat(v.path("support").path("slaBreaches").asLong()).isEqualTo(1);
        assertThat(v.path("support").path("averageCsat").asDouble()).isEqualTo(4.0);
        assertThat(v.path("support").path("supportCost").get(0).path("amount").asString()).isEqualTo("25.00");
        assertThat(v.path("marketing").path("campaignsReceived").asInt()).isEqualTo(1);
        assertThat(v.path("marketing").path("opens").asLong()).isEqualTo(1);
        assertThat(v.path("marketing").path("clicks").asLong()).isEqualTo(1);
        assertThat(v.path("marketing").path("engagementScore").asInt()).isEqualTo(75);
        assertThat(v.path("touches").path("lastByChannel").path("phone").path("summary").asString()).isEqualTo("Seguimiento de la propuesta");
        assertThat(v.path("touches").path("countsByChannel").path("email").asLong()).isEqualTo(3);
        assertThat(v.path("touches").path("countsByChannel").has("system")).as("bookkeeping is not a conversation").isFalse();
        assertThat(v.path("rfm").path("segment").asString()).isNotEqualTo("prospect");
        assertThat(v.path("churnRisk").path("factors").toString()).contains("open-urgent-cases");

        JsonNode tl = timeline(id, "");
        assertThat(tl.path("items").size()).isEqualTo(10);
        assertThat(tl.path("items").get(0).path("kind").asString()).as("newest first").isEqualTo("call.logged");
        assertThat(tl.path("items").get(0).path("source").asString()).isEqualTo("sales-service");
        assertThat(tl.path("items").get(9).path("kind").asString()).isEqualTo("opportunity.created");
    }

    @Test
    void aRedeliveredTouchChangesNothing() {
        String id = customerId();
        CrmEvent<Touch> call = event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build());
        publish(call);
        publish(call);
        CrmEvent<Touch> later = event("sales-service", Touch.builder(id, TouchKinds.MEETING_LOGGED).channel(Channels.VISIT).occurredAt(t0.plusSeconds(60)).build());
        publish(later);
        publish(call);
        // One customer's touches are ordered: once the marker is applied, every duplicate before it was processed.
        CrmEvent<Touch> marker = event("sales-service", Touch.builder(id, TouchKinds.EMAIL_LOGGED).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(120)).build());
        publish(marker);
        await().atMost(WAIT).until(() -> view(id) != null && view(id).path("touches").path("total").asLong() == 3);
        JsonNode v = view(id);
        assertThat(v.path("touches").path("countsByChannel").path("phone").asLong()).isEqualTo(1);
        assertThat(timeline(id, "").path("items").size()).isEqualTo(3);
    }

    @Test
    void aTouchBeforeItsProfileMakesAPartialCustomerThatTheProfileCompletes() {
        String id = customerId();
        publish(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(t0)
                .ref("campaignId", "cmp_x").build()));
        await().atMost(WAIT).until(() -> view(id) != null);
        assertThat(view(id).path("partial").asBoolean()).isTrue();
        assertThat(view(id).path("profile").isNull()).isTrue();

        publishProfile(profile(id, 2, "Tomás", "Muñoz"));
        publishProfile(profile(id, 1, "Tomas", "Munoz")); // older version, arriving late
        await().atMost(WAIT).until(() -> !view(id).path("partial").asBoolean());
        CrmEvent<Touch> marker = event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build());
        publishProfile(profile(id, 3, "Tomás", "Muñoz Pérez"));
        publish(marker);
        await().atMost(WAIT).until(() -> view(id).path("profile").path("version").asLong() == 3);
        assertThat(view(id).path("profile").path("displayName").asString()).isEqualTo("Tomás Muñoz Pérez");
        assertThat(view(id).path("marketing").path("messagesReceived").asLong()).isEqualTo(1);
    }

    @Test
    void aTombstoneErasesTheViewAndTheTimelineAndLaterTouchesDoNotBringThemBack() {
        String id = customerId();
        publishProfile(profile(id, 0, "Sofía", "Castro"));
        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build()));
        await().atMost(WAIT).until(() -> view(id) != null && view(id).path("touches").path("total").asLong() == 1 && !view(id).path("partial").asBoolean());

        publishTombstone(id);
        await().atMost(WAIT).until(() -> get("/api/customers/" + id + "/360").statusCode() == 404);
        assertThat(get("/api/customers/" + id + "/timeline").statusCode()).isEqualTo(404);

        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0.plusSeconds(5)).build()));
        // A touch of another customer of the same partition: once it is folded, so was the late touch before it.
        String neighbour = samePartitionAs(id);
        publish(event("sales-service", Touch.builder(neighbour, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build()));
        await().atMost(WAIT).until(() -> get("/api/customers/" + neighbour + "/360").statusCode() == 200);
        assertThat(get("/api/customers/" + id + "/360").statusCode()).isEqualTo(404);
        assertThat(get("/api/customers/" + id + "/timeline").statusCode()).isEqualTo(404);
    }

    @Test
    void theTimelineIsNewestFirstCursorPagedAndFiltered() {
        String id = customerId();
        List<String> kinds = List.of(TouchKinds.CALL_LOGGED, TouchKinds.MESSAGE_SENT, TouchKinds.CASE_OPENED, TouchKinds.CALL_LOGGED, TouchKinds.MEETING_LOGGED);
        List<String> channels = List.of(Channels.PHONE, Channels.EMAIL, Channels.CHAT, Channels.PHONE, Channels.VISIT);
        for (int i = 0; i < kinds.size(); i++) {
            publish(event(Touch.builder(id, kinds.get(i)).channel(channels.get(i)).occurredAt(t0.plusSeconds(i * 60L)).build()));
        }
        await().atMost(WAIT).until(() -> view(id) != null && view(id).path("touches").path("total").asLong() == 5);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = timeline(id, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items").forEach(item -> seen.add(item.path("occurredAt").asString()));
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(5);
        assertThat(seen).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));

        assertThat(timeline(id, "?channels=phone").path("items").size()).isEqualTo(2);
        assertThat(timeline(id, "?kinds=case.opened,meeting.logged").path("items").size()).isEqualTo(2);
        assertThat(timeline(id, "?before=" + t0.plusSeconds(120)).path("items").size()).isEqualTo(2);
        assertThat(timeline(id, "?kinds=call.logged&channels=email").path("items").size()).isZero();
    }

    @Test
    void accountLevelTouchesFillTheAccountCopyNotACustomer() {
        String accountId = "acc_" + UUID.randomUUID().toString().substring(0, 8);
        publish(event("customer-service", Touch.builder(accountId, TouchKinds.ACCOUNT_CREATED).accountId(accountId).occurredAt(t0)
                .attribute("name", "Ferretería El Tornillo").attribute("industry", "retail").attribute("tier", "gold").build()));
        publish(event("support-service", Touch.builder(accountId, TouchKinds.ENTITLEMENT_CHANGED).accountId(accountId).occurredAt(t0.plusSeconds(60))
                .attribute("tier", "premium").attribute("validUntil", "2027-11-01").attribute("source", "opportunity.won").build()));
        String id = customerId();
        var p = profile(id, 0, "Andrés", "Gómez");
        publishProfile(new org.touchpoint.events.CustomerProfile(id, accountId, "Ferretería El Tornillo", p.firstName(), p.lastName(),
                p.displayName(), null, p.email(), null, null, null, "customer", Map.of(), List.of(), 0, p.updatedAt()));
        await().atMost(WAIT).until(() -> view(id) != null && "premium".equals(view(id).path("account").path("supportTier").asString()));
        assertThat(view(id).path("account").path("name").asString()).isEqualTo("Ferretería El Tornillo");
        assertThat(get("/api/customers/" + accountId + "/360").statusCode()).as("an account is not a customer").isEqualTo(404);
    }

    @Test
    void paretoShowsTheShareOfRevenueFromTheTopFifthAndWhoTheyAre() {
        // A currency of its own keeps this test's figures apart from the other tests' customers.
        String currency = "Q" + (char) ('A' + new java.util.Random().nextInt(26)) + (char) ('A' + new java.util.Random().nextInt(26));
        int[] revenue = {50000, 30000, 5000, 4000, 3000, 2500, 2000, 1500, 1000, 1000};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < revenue.length; i++) {
            String id = customerId();
            ids.add(id);
            publishProfile(profile(id, 0, "Cliente" + i, "Pareto"));
            publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).occurredAt(t0.plus(i, ChronoUnit.DAYS))
                    .ref("opportunityId", "opp_" + i).amount(new Money(revenue[i] + ".00", currency)).build()));
        }
        await().atMost(WAIT).until(() -> paretoOf(currency) != null && paretoOf(currency).path("customers").asInt() == 10);
        JsonNode p = paretoOf(currency);
        assertThat(p.path("topCustomers").asInt()).isEqualTo(2);
        assertThat(p.path("totalRevenue").path("amount").asString()).isEqualTo("100000.00");
        assertThat(p.path("topRevenueShare").asDouble()).isEqualTo(0.8);
        assertThat(p.path("top").get(0).path("customerId").asString()).isEqualTo(ids.get(0));
        assertThat(p.path("top").get(1).path("customerId").asString()).isEqualTo(ids.get(1));
        assertThat(p.path("top").get(0).path("displayName").asString()).isEqualTo("Cliente0 Pareto");
    }

    private JsonNode paretoOf(String currency) {
        for (JsonNode c : json(get("/api/analytics/pareto")).path("currencies")) {
            if (currency.equals(c.path("currency").asString())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void freshnessReportsLagPerSourceService() {
        String id = customerId();
        String source = "support-service";
        publish(event(source, Touch.builder(id, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).ref("caseId", "cas_f")
                .attribute("score", 4).occurredAt(Instant.now().minusSeconds(2)).build()));
        await().atMost(WAIT).until(() -> get("/api/customers/" + id + "/360").statusCode() == 200);
        JsonNode f = json(get("/api/analytics/freshness"));
        JsonNode s = f.path("sources").path(source);
        assertThat(s.path("count").asInt()).isPositive();
        assertThat(s.path("maxMillis").asLong()).as("the lag of a touch that happened 2 s before it was published").isGreaterThanOrEqualTo(2000);
        assertThat(s.path("p99Millis").asLong()).isGreaterThanOrEqualTo(s.path("p50Millis").asLong());
        assertThat(f.path("currentLagMillis").isNumber()).isTrue();
        assertThat(f.path("backlog").path("crm.touches").isNumber()).as("records not yet applied: %s", f).isTrue();
    }
}
