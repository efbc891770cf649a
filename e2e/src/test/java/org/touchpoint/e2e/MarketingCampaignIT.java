package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's promotion done right, through the gateway as a user would: price-sensitive ink-cartridge buyers
 * with email consent get the campaign, nobody else does; the mail really lands in the mailbox; the open, the
 * click and the response are tracked through the public links (no API key); the response is a
 * {@code campaign.responded} touch (sales turns it into a lead); a deal won afterwards shows in the ROI; and the
 * recommendations say why.
 */
@ExtendWith(RunningPlatform.class)
class MarketingCampaignIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final PlatformEndpoints endpoints;

    MarketingCampaignIT(Gateway gateway, PlatformEndpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    private JsonNode contact(String first, String last, String nickname, boolean emailConsent, String... tags) {
        Map<String, Object> body = new LinkedHashMap<>(TestData.contact(first, last));
        body.put("lifecycleStage", "customer");
        body.put("tags", List.of(tags));
        body.put("notes", Map.of("nickname", nickname));
        if (emailConsent) {
            body.put("consent", Map.of("email", Map.of("status", "granted", "source", "web-form")));
        }
        return TestData.create(gateway, body);
    }

    private void won(String customerId, Instant at, String amount, String productCode, String name) {
        Touch touch = Touch.builder(customerId, TouchKinds.OPPORTUNITY_WON).channel("visit").occurredAt(at).actor("user:lucia")
                .summary("Pedido de cartuchos").ref("opportunityId", "opp_e2e" + TestData.unique()).ref("pipelineId", "pip_default")
                .amount(new Money(amount, "EUR")).attribute("name", "Pedido de cartuchos")
                .attribute("lineItems", List.of(Map.of("productCode", productCode, "name", name, "category", "ink-cartridges",
                        "quantity", 1, "unitPrice", amount)))
                .build();
        Kafka.produce(endpoints, Kafka.CODEC.toRecord(Topics.TOUCHES, CrmEvent.touch("sales-service", touch, null)));
    }

    private static String email(JsonNode contact) {
        return contact.path("emails").get(0).asString();
    }

    private Reply ok(Reply r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        return r;
    }

    private static boolean touchOf(ConsumerRecord<String, byte[]> r, String customerId, String kind) {
        return customerId.equals(r.key()) && Kafka.touch(r).map(t -> t.data().kind().equals(kind)).orElse(false);
    }

    @Test
    void aTargetedCampaignReachesOnlyTheFittingConsentingCustomersAndPaysOff() {
        String run = "e2e-" + TestData.unique();
        JsonNode lucia = contact("Lucía", "Fernández", "Lu", true, "price-sensitive", run);
        JsonNode marta = contact("Marta", "Quintero", "Martica", false, "price-sensitive", run);   // no email consent
        JsonNode pedro = contact("Pedro", "Salazar", "Perico", true, "vip", run);               // not price-sensitive
        Instant bought = Instant.now().minus(Duration.ofDays(40));
        for (JsonNode c : List.of(lucia, marta, pedro)) {
            won(TestData.id(c), bought, "45.00", "HP-664", "Cartucho HP 664 negro");
        }

        String fits = """
                {"field": "tags", "op": "contains", "value": "%s"},
                {"field": "tags", "op": "contains", "value": "price-sensitive"},
                {"field": "purchases.category", "op": "bought-within", "value": "ink-cartridges", "days": 180}""".formatted(run);
        String rule = "{\"all\": [" + fits + ", {\"field\": \"consent.email\", \"op\": \"eq\", \"value\": true}]}";
        // Without the consent condition Marta fits too: the launch itself must leave her out.
        String broadRule = "{\"all\": [" + fits + "]}";
        await("marketing's view of the three customers").atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Reply preview = ok(gateway.api().post("/api/segments/preview", "{\"rule\": " + rule + "}"), 200);
            assertThat(preview.json().path("count").asLong()).isEqualTo(1);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(gateway.api().post("/api/segments/preview",
                "{\"rule\": " + broadRule + "}"), 200).json().path("count").asLong()).isEqualTo(2));

        String offerCode = "compatibles-" + run;
        ok(gateway.api().post("/api/offers", """
                {"code": "%s", "name": "Cartuchos compatibles -20%%", "productCode": "CMP-664",
                 "triggers": [{"category": "ink-cartridges"}], "landingUrl": "https://tienda.example/compatibles"}""".formatted(offerCode)), 201);
        String segmentId = ok(gateway.api().post("/api/segments", """
                {"name": "Cartuchos, sensibles al precio (%s)", "rule": %s}""".formatted(run, broadRule)), 201).json().path("id").asString();
        String campaignId = ok(gateway.api().post("/api/campaigns", """
                {"name": "Cartuchos compatibles %s", "objective": "cross-sell", "channel": "email", "segmentId": "%s",
                 "offerCode": "%s",
                 "template": {"subject": "{{nickname}}, sus cartuchos con un 20%% de descuento",
                              "body": "Hola {{nickname}},\\nsus cartuchos compatibles: {{link}}\\n¿Le llamamos? {{respondUrl}}"},
                 "budget": {"amount": "300.00", "currency": "EUR"}}""".formatted(run, segmentId, offerCode)), 201)
                .json().path("id").asString();

        JsonNode launched = ok(gateway.api().post("/api/campaigns/" + campaignId + "/launch", "{}"), 200).json();
        assertThat(launched.path("recipients").path("selected").asLong()).isEqualTo(1);
        assertThat(launched.path("recipients").path("noConsent").asLong()).isEqualTo(1);
        ok(gateway.api().post("/api/campaigns/" + campaignId + "/launch", "{}"), 409);

        await("the campaign email in Lucía's mailbox").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> MarketingMailbox.read(endpoints, email(lucia)).size() == 1);
        assertThat(MarketingMailbox.read(endpoints, email(marta))).as("no consent, no mail").isEmpty();
        assertThat(MarketingMailbox.read(endpoints, email(pedro))).as("not in the segment, no mail").isEmpty();
        MarketingMailbox.Mail mail = MarketingMailbox.read(endpoints, email(lucia)).getFirst();
        assertThat(mail.subject()).isEqualTo("Lu, sus cartuchos con un 20% de descuento");
        assertThat(mail.text()).startsWith("Hola Lu,");
        assertThat(mail.listUnsubscribePost()).isEqualTo("List-Unsubscribe=One-Click");

        String id = TestData.id(lucia);
        Gateway.Caller anyone = gateway.as(null);
        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES)) {
            touches.awaitRecord("message.sent", WAIT, r -> touchOf(r, id, TouchKinds.MESSAGE_SENT));

            Reply pixel = ok(anyone.get(mail.trackingPaths("o").getFirst()), 200);
            assertThat(pixel.headers().get("content-type").getFirst()).startsWith("image/gif");
            touches.awaitRecord("message.opened", WAIT, r -> touchOf(r, id, TouchKinds.MESSAGE_OPENED));

            Reply click = ok(anyone.get(mail.trackingPaths("c").getFirst()), 302);
            assertThat(click.headers().get("location")).containsExactly("https://tienda.example/compatibles");
            touches.awaitRecord("link.clicked", WAIT, r -> touchOf(r, id, TouchKinds.LINK_CLICKED));

            ok(anyone.post(mail.trackingPaths("r").getFirst(), "{\"response\": \"click-to-contact\", \"note\": \"Prefiere llamadas por la mañana\"}"), 202);
            ConsumerRecord<String, byte[]> responded = touches.awaitRecord("campaign.responded", WAIT,
                    r -> touchOf(r, id, TouchKinds.CAMPAIGN_RESPONDED));
            Touch t = Kafka.touch(responded).orElseThrow().data();
            assertThat(t.refs()).containsEntry("campaignId", campaignId);
            assertThat(t.attributes()).containsEntry("offerCode", offerCode).containsEntry("response", "click-to-contact");

            ok(anyone.get("/public/track/c/forged.token.value"), 404);
        }
        if (RunningPlatform.SERVICES.contains("sales-service")) {
            await("the response became a lead in sales").atMost(WAIT).untilAsserted(() ->
                    assertThat(ok(gateway.api().get("/api/leads?customerId=" + id), 200).json().path("items")).isNotEmpty());
        }

        ok(gateway.api().post("/api/campaigns/" + campaignId + "/costs",
                "{\"description\": \"Diseño y envío\", \"amount\": {\"amount\": \"100.00\", \"currency\": \"EUR\"}}"), 200);
        won(id, Instant.now().plusSeconds(1), "450.00", "CMP-664", "Cartucho compatible 664");
        await("the won deal in the campaign's ROI").atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode roi = ok(gateway.api().get("/api/campaigns/" + campaignId + "/roi?model=last-touch&window=P30D"), 200).json();
            assertThat(roi.path("revenue").get(0).path("amount").asString()).isEqualTo("450.00");
            assertThat(roi.path("roi").asString()).isEqualTo("3.5000");
            assertThat(roi.path("funnel").path("sent").asLong()).isEqualTo(1);
            assertThat(roi.path("funnel").path("opened").asLong()).isEqualTo(1);
            assertThat(roi.path("funnel").path("clicked").asLong()).isEqualTo(1);
            assertThat(roi.path("funnel").path("responded").asLong()).isEqualTo(1);
            assertThat(roi.path("funnel").path("won").asLong()).isEqualTo(1);
        });

        JsonNode recommendations = ok(gateway.api().get("/api/customers/" + TestData.id(pedro) + "/recommendations"), 200).json();
        JsonNode offer = null;
        for (JsonNode r : recommendations.path("items")) {
            if (offerCode.equals(r.path("offerCode").asString(null))) {
                offer = r;
            }
        }
        assertThat(offer).as("Pedro bought ink cartridges: %s", recommendations).isNotNull();
        assertThat(offer.path("reason").asString()).contains("ink-cartridges").contains("HP-664");
        JsonNode luciasOwn = ok(gateway.api().get("/api/customers/" + id + "/recommendations"), 200).json();
        assertThat(luciasOwn.path("items").findValuesAsString("offerCode")).as("Lucía already bought CMP-664").doesNotContain(offerCode);

        // One-click unsubscribe (RFC 8058) from the mail's List-Unsubscribe header: consent.withdrawn is published (for
        // customer-service to apply) and marketing stops at once: Lucía no longer fits the consenting segment.
        String unsubscribe = mail.listUnsubscribe().replaceAll("^<https?://[^/]+|>$", "");
        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES)) {
            ok(anyone.send("POST", unsubscribe, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), 200);
            Touch withdrawn = Kafka.touch(touches.awaitRecord("consent.withdrawn", WAIT,
                    r -> touchOf(r, id, TouchKinds.CONSENT_WITHDRAWN))).orElseThrow().data();
            assertThat(withdrawn.attributes()).containsEntry("channel", "email").containsEntry("source", "unsubscribe-link");
        }
        await("Lucía out of the consenting preview").atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(ok(gateway.api().post("/api/segments/preview", "{\"rule\": " + rule + "}"), 200).json().path("count").asLong())
                        .isZero());
    }
}
