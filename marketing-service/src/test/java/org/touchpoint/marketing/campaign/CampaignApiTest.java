package org.touchpoint.marketing.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.marketing.MailParts;
import org.touchpoint.marketing.MarketingServiceTest;
import tools.jackson.databind.JsonNode;

/** Campaigns over HTTP, with the emails that really reach the SMTP server. */
class CampaignApiTest extends MarketingServiceTest {

    @Autowired
    CampaignScheduler scheduler;

    static void assertProblem(HttpResponse<String> r, int status, String... fields) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (fields.length > 0) {
            assertThat(json(r).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(fields);
        }
    }

    String segmentOfTag(String tag) {
        HttpResponse<String> r = call("POST", "/api/segments", """
                {"name": "Segmento %s", "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag, tag));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asString();
    }

    static String campaignBody(String segmentId, String channel, String extra) {
        return """
                {"name": "Cartuchos compatibles -20%%", "objective": "cross-sell", "channel": "%s", "segmentId": "%s",
                 "template": {"subject": "{{nickname}}, sus cartuchos con 20%% de descuento",
                              "body": "Hola {{nickname}},\\nle ofrecemos cartuchos compatibles: {{link}}\\nBaja: {{unsubscribeUrl}}"},
                 "landingUrl": "https://tienda.example/cartuchos?utm_campaign=compatibles",
                 "budget": {"amount": "500.00", "currency": "EUR"}, "costPerMessage": {"amount": "0.10", "currency": "EUR"}%s}"""
                .formatted(channel, segmentId, extra);
    }

    String createCampaign(String body) {
        HttpResponse<String> r = call("POST", "/api/campaigns", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asString();
    }

    JsonNode launch(String id) {
        HttpResponse<String> r = call("POST", "/api/campaigns/" + id + "/launch", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    JsonNode campaign(String id) {
        return json(call("GET", "/api/campaigns/" + id, null));
    }

    @Test
    void launchSendsPersonalisedEmailOnlyToConsentingCustomersAndRefusesASecondLaunch() throws Exception {
        String tag = tag();
        String lucia = customer("Lucía", "Lu", true, tag);
        String marta = customer("Marta", null, false, tag);
        String id = createCampaign(campaignBody(segmentOfTag(tag), "email", ""));

        JsonNode launched = launch(id);
        assertThat(launched.get("status").asString()).isEqualTo("running");
        assertThat(launched.get("recipients").get("selected").asLong()).isEqualTo(1);
        assertThat(launched.get("recipients").get("noConsent").asLong()).isEqualTo(1);
        assertProblem(call("POST", "/api/campaigns/" + id + "/launch", null), 409);

        await().atMost(WAIT).until(() -> mailTo(emailOf(lucia)).size() == 1);
        assertThat(mailTo(emailOf(marta))).isEmpty();
        MimeMessage mail = mailTo(emailOf(lucia)).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Lu, sus cartuchos con 20% de descuento");
        String text = MailParts.text(mail);
        assertThat(text).startsWith("Hola Lu,");
        assertThat(text).doesNotContain(lucia).doesNotContain(emailOf(lucia));
        assertThat(MailParts.trackingPaths(text, "c")).hasSize(1);
        assertThat(mail.getHeader("List-Unsubscribe")[0]).startsWith("<https://crm.example.test/public/track/u/");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(MailParts.trackingPaths(MailParts.html(mail), "o")).singleElement().asString().endsWith(".gif");

        await().atMost(WAIT).until(() -> campaign(id).get("funnel").get("sent").asLong() == 1);
        scheduler.runOnce();
        JsonNode done = campaign(id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("actualCost")).isNotNull();
        assertThat(done.get("actualCost").get("amount").asString()).isEqualTo("0.10");
    }

    @Test
    void theFrequencyCapAndTheUrgentCaseExclusionLeaveCustomersOut() {
        String tag = tag();
        String busy = customer("Rosa", null, true, tag);
        String angry = customer("Tomás", null, true, tag);
        publish(CrmEvent.touch("support-service", Touch.builder(angry, "case.opened").channel(Channels.PHONE)
                .ref("caseId", "cas_" + unique()).attribute("priority", "urgent").build(), null));
        await().atMost(WAIT).until(() -> !openCases(angry).isEmpty());
        String segment = segmentOfTag(tag);
        // The cap in tests is 2 messages per 7 days: two campaigns reach Rosa, the third does not.
        assertThat(launch(createCampaign(campaignBody(segment, "mail", ""))).get("recipients").get("selected").asLong()).isEqualTo(2);
        assertThat(launch(createCampaign(campaignBody(segment, "email", ""))).get("recipients").get("selected").asLong()).isEqualTo(2);
        JsonNode third = launch(createCampaign(campaignBody(segment, "email", ", \"exclusions\": {\"openUrgentCase\": true}")));
        assertThat(third.get("recipients").get("openUrgentCase").asLong()).as("Tomás: an urgent case is open").isEqualTo(1);
        assertThat(third.get("recipients").get("frequencyCapped").asLong()).as("Rosa: two messages this week").isEqualTo(1);
        assertThat(third.get("recipients").get("selected").asLong()).isZero();
        await().atMost(WAIT).until(() -> mailTo(emailOf(busy)).size() == 1);

        String tag2 = tag();
        String calm = customer("Sara", null, true, tag2);
        String urgent = customer("Iván", null, true, tag2);
        publish(CrmEvent.touch("support-service", Touch.builder(urgent, "case.opened").channel(Channels.PHONE)
                .ref("caseId", "cas_" + unique()).attribute("priority", "urgent").build(), null));
        await().atMost(WAIT).until(() -> !openCases(urgent).isEmpty());
        JsonNode excluded = launch(createCampaign(campaignBody(segmentOfTag(tag2), "email", ", \"exclusions\": {\"openUrgentCase\": true}")));
        assertThat(excluded.get("recipients").get("openUrgentCase").asLong()).isEqualTo(1);
        assertThat(excluded.get("recipients").get("selected").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> mailTo(emailOf(calm)).size() == 1);
        assertThat(mailTo(emailOf(urgent))).isEmpty();
    }

    @Test
    void smsAndDirectMailAreRecordedAsSends() {
        String tag = tag();
        customer("Ana", null, true, tag);
        String id = createCampaign(campaignBody(segmentOfTag(tag), "mail", ""));
        assertThat(launch(id).get("recipients").get("selected").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> campaign(id).get("funnel").get("sent").asLong() == 1);
        JsonNode messages = json(call("GET", "/api/campaigns/" + id + "/messages", null));
        assertThat(messages.get("items").get(0).get("medium").asString()).isEqualTo("mail");
        assertThat(messages.get("items").get(0).get("id").asString()).startsWith("msg_");
    }

    @Test
    void aTemplateWithAnUnknownFieldIs400() {
        String segment = segmentOfTag(tag());
        String body = campaignBody(segment, "email", "").replace("{{nickname}},\\n", "{{shoeSize}},\\n");
        assertProblem(call("POST", "/api/campaigns", body), 400, "template.body");
        assertProblem(call("POST", "/api/campaigns", campaignBody(segment, "fax", "")), 400, "channel");
        assertProblem(call("POST", "/api/campaigns", campaignBody("seg_missing", "email", "")), 422, "segmentId");
        assertProblem(call("POST", "/api/campaigns", campaignBody(segment, "email", ", \"offerCode\": \"no-such-offer\"")), 422, "offerCode");
        assertProblem(call("POST", "/api/campaigns", campaignBody(segment, "email", "").replace("\"landingUrl\": \"https://tienda.example/cartuchos?utm_campaign=compatibles\",", "")),
                400, "landingUrl");
        assertProblem(call("GET", "/api/campaigns/cmp_missing", null), 404);
        assertProblem(call("POST", "/api/campaigns/cmp_missing/launch", null), 404);
    }

    @Test
    void aScheduledCampaignStartsOnceEvenWithTwoSchedulers(@Autowired Launcher launcher,
                                                           @Autowired org.touchpoint.kit.outbox.OutboxStore store,
                                                           @Autowired org.touchpoint.marketing.MarketingProperties properties) throws Exception {
        String tag = tag();
        String ines = customer("Inês", null, true, tag);
        Instant at = Instant.now().plusSeconds(2);
        String id = createCampaign(campaignBody(segmentOfTag(tag), "email", ", \"scheduledAt\": \"" + at + "\""));
        assertThat(launch(id).get("status").asString()).isEqualTo("scheduled");
        assertProblem(call("POST", "/api/campaigns/" + id + "/launch", null), 409);

        // Two replicas' schedulers race for the same due campaign: exactly one starts it.
        java.time.Clock later = java.time.Clock.fixed(at.plusSeconds(1), java.time.ZoneOffset.UTC);
        CampaignScheduler a = new CampaignScheduler(mongo, store, launcher, properties, later);
        CampaignScheduler b = new CampaignScheduler(mongo, store, launcher, properties, later);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var fa = pool.submit(a::startDue);
        var fb = pool.submit(b::startDue);
        int startedHere = fa.get() + fb.get();
        pool.shutdown();
        await().atMost(WAIT).until(() -> !"scheduled".equals(campaign(id).get("status").asString()));
        assertThat(startedHere).as("the live scheduler may have won the race too, but never twice").isLessThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> mailTo(emailOf(ines)).size() == 1);
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("campaignId").is(id)), "messages")).isEqualTo(1);
    }

    @Test
    void aMessageTheServerRefusesIsRetriedThenRecordedAsFailedAndAnErasedCustomerLosesItsContent() {
        String tag = tag();
        String id = "con_" + unique().toUpperCase();
        // An address the SMTP client cannot even parse: every attempt fails.
        publish(org.touchpoint.events.CrmEvent.profile("customer-service", new org.touchpoint.events.CustomerProfile(id, null, null,
                "Olga", "Ruiz", "Olga Ruiz", null, "olga ruiz en cliente.example", null, null, null, "customer",
                java.util.Map.of("email", new org.touchpoint.events.Consent("granted", Instant.now(), "import")), List.of(tag), 0,
                Instant.now()), null));
        await().atMost(WAIT).until(() -> known(id));
        String campaign = createCampaign(campaignBody(segmentOfTag(tag), "email", ""));
        assertThat(launch(campaign).get("recipients").get("selected").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> campaign(campaign).get("funnel").get("failed").asLong() == 1);
        JsonNode message = json(call("GET", "/api/campaigns/" + campaign + "/messages", null)).get("items").get(0);
        assertThat(message.get("status").asString()).isEqualTo("failed");
        assertThat(message.get("attempts").asInt()).isEqualTo(3);
        assertThat(message.get("lastError").asString()).isNotBlank();
        assertThat(campaign(campaign).get("funnel").get("sent").asLong()).isZero();

        org.touchpoint.kit.test.TopicProbe.send(org.touchpoint.kit.test.TestInfrastructure.kafkaBootstrapServers(), codec.profileTombstone(id));
        await().atMost(WAIT).until(() -> {
            org.bson.Document m = mongo.findById(message.get("id").asString(), org.bson.Document.class, "messages");
            return m.get("address") == null && m.get("text") == null && m.get("html") == null;
        });
    }

    @Test
    void aCancelledCampaignSendsNothingAndCannotBeCancelledTwice() {
        String tag = tag();
        String nuno = customer("Nuno", null, true, tag);
        String id = createCampaign(campaignBody(segmentOfTag(tag), "email", ", \"scheduledAt\": \"" + Instant.now().plusSeconds(3600) + "\""));
        assertThat(launch(id).get("status").asString()).isEqualTo("scheduled");
        HttpResponse<String> cancelled = call("POST", "/api/campaigns/" + id + "/cancel", null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asString()).isEqualTo("cancelled");
        assertProblem(call("POST", "/api/campaigns/" + id + "/cancel", null), 409);
        assertProblem(call("POST", "/api/campaigns/" + id + "/launch", null), 409);
        assertProblem(call("PUT", "/api/campaigns/" + id, campaignBody(segmentOfTag(tag), "email", "")), 409);
        assertThat(json(call("GET", "/api/campaigns?status=cancelled&limit=200", null)).get("items").findValuesAsString("id")).contains(id);
        assertProblem(call("GET", "/api/campaigns?status=paused", null), 400, "status");
        assertThat(mailTo(emailOf(nuno))).isEmpty();
    }

    @Test
    void roiAttributesTheRecipientsWonDealsWithinTheWindow() {
        String tag = tag();
        String buyer = customer("Carmen", null, true, tag);
        String id = createCampaign(campaignBody(segmentOfTag(tag), "email", ""));
        launch(id);
        await().atMost(WAIT).until(() -> campaign(id).get("funnel").get("sent").asLong() == 1);
        HttpResponse<String> cost = call("POST", "/api/campaigns/" + id + "/costs", """
                {"description": "Diseño del mailing", "amount": {"amount": "99.90", "currency": "EUR"}}""");
        assertThat(cost.statusCode()).as(cost.body()).isEqualTo(200);
        assertProblem(call("POST", "/api/campaigns/" + id + "/costs", """
                {"description": "Evento", "amount": {"amount": "10.00", "currency": "USD"}}"""), 422, "amount.currency");

        publish(won(buyer, "opp_" + unique(), Instant.now().plusSeconds(5), "1000.00",
                List.of(item("HP-664XL", "Cartucho compatible 664 XL", "ink-cartridges", 10, "100.00"))));
        publish(won(buyer, "opp_" + unique(), Instant.now().plus(60, ChronoUnit.DAYS), "500.00", List.of()));
        await().atMost(WAIT).until(() -> customerView(buyer).orElseThrow().wins().size() == 2);

        JsonNode roi = json(call("GET", "/api/campaigns/" + id + "/roi?model=linear&window=P30D", null));
        assertThat(roi.get("cost").get("amount").asString()).isEqualTo("100.00");
        assertThat(roi.get("revenue").get(0).get("amount").asString()).isEqualTo("1000.00");
        assertThat(roi.get("roi").asString()).isEqualTo("9.0000");
        assertThat(roi.get("funnel").get("sent").asLong()).isEqualTo(1);
        assertThat(roi.get("funnel").get("won").asLong()).isEqualTo(1);
        assertThat(json(call("GET", "/api/campaigns/" + id + "/roi?model=first-touch&window=P90D", null))
                .get("revenue").get(0).get("amount").asString()).isEqualTo("1500.00");
        assertProblem(call("GET", "/api/campaigns/" + id + "/roi?model=magic", null), 400, "model");
        assertProblem(call("GET", "/api/campaigns/" + id + "/roi?window=a-while", null), 400, "window");
    }
}
