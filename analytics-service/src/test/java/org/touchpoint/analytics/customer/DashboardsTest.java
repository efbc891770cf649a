package org.touchpoint.analytics.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.touchpoint.analytics.AnalyticsServiceTest;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Money;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards over folded customers. Every test names its own campaign, stage or tier, so the figures it reads
 * are its own even though the other tests' customers share the database.
 */
class DashboardsTest extends AnalyticsServiceTest {

    private final Instant t0 = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asString())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void theCampaignTableShowsTheFunnelAndTheRevenueItBrought() {
        String campaign = "cmp_" + unique();
        for (int i = 0; i < 4; i++) {
            String id = customerId();
            publish(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(t0)
                    .ref("campaignId", campaign).attribute("campaignName", "Vuelta al cole").build()));
            if (i < 3) {
                publish(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_OPENED).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(60))
                        .ref("campaignId", campaign).build()));
            }
            if (i < 2) {
                publish(event("marketing-service", Touch.builder(id, TouchKinds.CAMPAIGN_RESPONDED).channel(Channels.WEB).occurredAt(t0.plusSeconds(120))
                        .ref("campaignId", campaign).build()));
            }
            if (i == 0) {
                publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).occurredAt(t0.plus(2, ChronoUnit.DAYS))
                        .ref("opportunityId", "opp_" + unique()).amount(new Money("3500.00", "EUR")).build()));
            }
        }
        await().atMost(WAIT).until(() -> {
            JsonNode row = find(json(get("/api/analytics/campaigns")).path("campaigns"), "campaignId", campaign);
            return row != null && row.path("recipients").asLong() == 4 && row.path("wonDeals").asLong() == 1 && row.path("responders").asLong() == 2;
        });
        JsonNode table = json(get("/api/analytics/campaigns"));
        JsonNode row = find(table.path("campaigns"), "campaignId", campaign);
        assertThat(row.path("name").asString()).isEqualTo("Vuelta al cole");
        assertThat(row.path("uniqueOpens").asLong()).isEqualTo(3);
        assertThat(row.path("openRate").asDouble()).isEqualTo(0.75);
        assertThat(row.path("responseRate").asDouble()).isEqualTo(0.5);
        assertThat(row.path("revenue").get(0).path("amount").asString()).isEqualTo("3500.00");
        assertThat(row.path("roi").isNull()).as("no cost on the stream").isTrue();
    }

    @Test
    void aDealIsCreditedToTheCampaignOfTheLeadItCameFromBeforeTheLastClick() {
        String fromLead = "cmp_" + unique();
        String clickedLater = "cmp_" + unique();
        String id = customerId();
        String opportunity = "opp_" + unique();
        String leadId = "led_" + unique();
        publish(event("sales-service", Touch.builder(id, TouchKinds.LEAD_CREATED).channel(Channels.WEB).occurredAt(t0)
                .ref("leadId", leadId).ref("campaignId", fromLead).attribute("source", "web-form").build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.LEAD_CONVERTED).occurredAt(t0.plusSeconds(60))
                .ref("leadId", leadId).ref("opportunityId", opportunity).build()));
        publish(event("marketing-service", Touch.builder(id, TouchKinds.LINK_CLICKED).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(3600))
                .ref("campaignId", clickedLater).build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).occurredAt(t0.plus(1, ChronoUnit.DAYS))
                .ref("opportunityId", opportunity).amount(new Money("900.00", "EUR")).build()));
        // A web-form lead keyed by its own id, whose deal is won on the customer it became: sales names the lead and its
        // campaign on the deal (refs.leadId, refs.campaignId).
        String webLead = "led_" + unique();
        String webCampaign = "cmp_" + unique();
        String customer = customerId();
        publish(event("sales-service", Touch.builder(webLead, TouchKinds.LEAD_CREATED).channel(Channels.WEB).occurredAt(t0)
                .ref("leadId", webLead).ref("campaignId", webCampaign).build()));
        publish(event("sales-service", Touch.builder(customer, TouchKinds.OPPORTUNITY_WON).occurredAt(t0.plus(3, ChronoUnit.DAYS))
                .ref("opportunityId", "opp_" + unique()).ref("leadId", webLead).ref("campaignId", webCampaign)
                .amount(new Money("450.00", "EUR")).build()));
        await().atMost(WAIT).until(() -> {
            JsonNode table = json(get("/api/analytics/campaigns")).path("campaigns");
            JsonNode row = find(table, "campaignId", fromLead);
            JsonNode web = find(table, "campaignId", webCampaign);
            return row != null && row.path("wonDeals").asLong() == 1 && web != null && web.path("wonDeals").asLong() == 1;
        });
        JsonNode table = json(get("/api/analytics/campaigns")).path("campaigns");
        JsonNode later = find(table, "campaignId", clickedLater);
        assertThat(later.path("clicks").asLong()).isEqualTo(1);
        assertThat(later.path("wonDeals").asLong()).isZero();
        assertThat(find(table, "campaignId", webCampaign).path("revenue").get(0).path("amount").asString()).isEqualTo("450.00");
    }

    @Test
    void theForecastGroupsOpenDealsByMonthAndStageAndTheCycleComesFromWins() {
        String stage = "negociacion-" + unique();
        String id = customerId();
        publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_CREATED).occurredAt(t0).ref("opportunityId", "opp_" + unique())
                .amount(new Money("10000.00", "EUR")).attribute("stage", stage).attribute("probability", 40)
                .attribute("expectedCloseDate", "2027-02-10").build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_STAGE_CHANGED).occurredAt(t0).ref("opportunityId", "opp_" + unique())
                .amount(new Money("5000.00", "EUR")).attribute("stage", stage).attribute("probability", 60)
                .attribute("expectedCloseDate", "2027-02-28").build()));
        await().atMost(WAIT).until(() -> {
            JsonNode row = find(json(get("/api/analytics/pipeline")).path("forecast"), "stage", stage);
            return row != null && row.path("deals").asLong() == 2;
        });
        JsonNode p = json(get("/api/analytics/pipeline"));
        JsonNode row = find(p.path("forecast"), "stage", stage);
        assertThat(row.path("month").asString()).isEqualTo("2027-02");
        assertThat(row.path("amount").get(0).path("amount").asString()).isEqualTo("15000.00");
        assertThat(row.path("weighted").get(0).path("amount").asString()).isEqualTo("7000.00");
        assertThat(p.path("winRate").has("rate")).isTrue();
        assertThat(p.path("cycle").has("averageDays")).isTrue();
    }

    @Test
    void slaComplianceIsPerTierAndPriorityWithMeanTimes() {
        String tier = "oro-" + unique();
        for (int i = 0; i < 4; i++) {
            String id = customerId();
            String caseId = "cas_" + unique();
            publish(event("support-service", Touch.builder(id, TouchKinds.CASE_OPENED).channel(Channels.PHONE).occurredAt(t0)
                    .ref("caseId", caseId).attribute("priority", "high").attribute("tier", tier).build()));
            if (i == 0) {
                publish(event("support-service", Touch.builder(id, TouchKinds.SLA_BREACHED).occurredAt(t0.plusSeconds(3600))
                        .ref("caseId", caseId).attribute("target", "resolution").attribute("tier", tier).attribute("priority", "high").build()));
            }
            if (i < 3) {
                publish(event("support-service", Touch.builder(id, TouchKinds.CASE_RESOLVED).occurredAt(t0.plusSeconds(7200))
                        .ref("caseId", caseId).attribute("tier", tier).attribute("priority", "high")
                        .attribute("firstResponseMinutes", 10 * (i + 1)).attribute("resolutionMinutes", 100 * (i + 1)).build()));
            }
        }
        await().atMost(WAIT).until(() -> {
            JsonNode row = find(json(get("/api/analytics/sla")).path("byTierAndPriority"), "tier", tier);
            return row != null && row.path("cases").asLong() == 4 && row.path("resolved").asLong() == 3 && row.path("breached").asLong() == 1;
        });
        JsonNode row = find(json(get("/api/analytics/sla")).path("byTierAndPriority"), "tier", tier);
        assertThat(row.path("priority").asString()).isEqualTo("high");
        assertThat(row.path("open").asLong()).isEqualTo(1);
        assertThat(row.path("compliance").asDouble()).isEqualTo(0.75);
        assertThat(row.path("meanFirstResponseMinutes").asDouble()).isEqualTo(20.0);
        assertThat(row.path("meanResolutionMinutes").asDouble()).isEqualTo(200.0);
    }

    @Test
    void touchesPerDayAreCountedByChannel() {
        // A day far in the past that no other test uses.
        Instant day = Instant.parse("2019-03-" + String.format("%02d", 1 + new java.util.Random().nextInt(28)) + "T10:00:00Z");
        String date = day.atZone(ZoneOffset.UTC).toLocalDate().toString();
        JsonNode before = json(get("/api/analytics/touches?from=" + date + "&to=" + date)).path("days").get(0);
        long phoneBefore = before.path("channels").path("phone").asLong(0);
        String id = customerId();
        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(day).build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(day.plusSeconds(60)).build()));
        publish(event("sales-service", Touch.builder(id, TouchKinds.EMAIL_LOGGED).channel(Channels.EMAIL).occurredAt(day.plusSeconds(120)).build()));
        await().atMost(WAIT).until(() -> json(get("/api/analytics/touches?from=" + date + "&to=" + date))
                .path("days").get(0).path("channels").path("phone").asLong(0) == phoneBefore + 2);
        JsonNode trend = json(get("/api/analytics/touches?from=" + LocalDate.parse(date).minusDays(1) + "&to=" + date));
        assertThat(trend.path("days").size()).isEqualTo(2);
        assertThat(trend.path("days").get(1).path("day").asString()).isEqualTo(date);
        assertThat(trend.path("days").get(1).path("channels").path("email").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void churnListsRiskyCustomersWithTheirReasons() {
        String id = customerId();
        publishProfile(profile(id, 0, "Marta", "Riesgo"));
        publish(event("support-service", Touch.builder(id, TouchKinds.CASE_OPENED).channel(Channels.EMAIL)
                .occurredAt(Instant.now().minus(100, ChronoUnit.DAYS)).ref("caseId", "cas_" + unique()).attribute("priority", "urgent").build()));
        publish(event("support-service", Touch.builder(id, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB)
                .occurredAt(Instant.now().minus(99, ChronoUnit.DAYS)).ref("caseId", "cas_" + unique()).attribute("score", 1).build()));
        await().atMost(WAIT).until(() -> find(json(get("/api/analytics/churn?minLevel=high&limit=200")).path("customers"), "customerId", id) != null);
        JsonNode c = find(json(get("/api/analytics/churn?minLevel=high&limit=200")).path("customers"), "customerId", id);
        assertThat(c.path("level").asString()).isEqualTo("high");
        assertThat(c.path("displayName").asString()).isEqualTo("Marta Riesgo");
        assertThat(c.path("factors").toString()).contains("recency", "open-urgent-cases", "low-csat");
        assertThat(c.path("score").asInt()).isEqualTo(80);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        String key = "con_poison" + unique();
        try (TopicProbe dlt = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.TOUCHES, "analytics-service"))) {
            TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), new ProducerRecord<>(Topics.TOUCHES, key, "not a cloud event".getBytes()));
            dlt.await(r -> key.equals(r.key()), Duration.ofSeconds(30));
        }
        String id = customerId();
        publish(event("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build()));
        await().atMost(WAIT).until(() -> get("/api/customers/" + id + "/360").statusCode() == 200);
    }
}
