package org.touchpoint.marketing.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.marketing.MailParts;
import org.touchpoint.marketing.MarketingServiceTest;
import tools.jackson.databind.JsonNode;

/** The public links of a delivered email, called without credentials, and the touches they publish. */
class TrackingApiTest extends MarketingServiceTest {

    record Delivered(String customerId, String campaignId, MimeMessage mail) {
    }

    Delivered deliver(String body) {
        return deliver(body, null, null);
    }

    /** A campaign launched by a request carrying {@code traceparent} (or none), at once or at {@code scheduledAt}. */
    Delivered deliver(String body, String traceparent, Instant scheduledAt) {
        String tag = tag();
        String customer = customer("Lucía", "Lu", true, tag);
        String segment = json(call("POST", "/api/segments", """
                {"name": "Lucía", "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag))).get("id").asString();
        HttpResponse<String> created = call("POST", "/api/campaigns", """
                {"name": "Cartuchos compatibles", "objective": "cross-sell", "channel": "email", "segmentId": "%s",
                 "template": {"subject": "Hola {{nickname}}", "body": "%s"},
                 "landingUrl": "https://tienda.example/cartuchos"%s}""".formatted(segment, body,
                scheduledAt == null ? "" : ", \"scheduledAt\": \"" + scheduledAt + "\""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String campaign = json(created).get("id").asString();
        Map<String, String> headers = new HashMap<>(ALL);
        if (traceparent != null) {
            headers.put("traceparent", traceparent);
        }
        assertThat(call("POST", "/api/campaigns/" + campaign + "/launch", null, headers).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> mailTo(emailOf(customer)).size() == 1);
        return new Delivered(customer, campaign, mailTo(emailOf(customer)).getFirst());
    }

    JsonNode funnel(String campaignId) {
        return json(call("GET", "/api/campaigns/" + campaignId, null)).get("funnel");
    }

    static Touch touch(org.touchpoint.events.EventCodec codec, ConsumerRecord<String, byte[]> r) {
        return codec.readTouch(r).orElseThrow().data();
    }

    boolean is(ConsumerRecord<String, byte[]> r, String customer, String kind) {
        return customer.equals(r.key()) && r.value() != null && codec.readTouch(r).map(e -> e.data().kind().equals(kind)).orElse(false);
    }

    @Test
    void openClickAndResponseAreTrackedAndPublished() {
        Delivered d = deliver("Hola {{nickname}}: {{link}} - responder en {{respondUrl}}");
        String text = MailParts.text(d.mail());
        String pixel = MailParts.trackingPaths(MailParts.html(d.mail()), "o").getFirst();
        String click = MailParts.trackingPaths(text, "c").getFirst();
        String respond = MailParts.trackingPaths(text, "r").getFirst();

        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            Touch sent = touch(codec, touches.await(r -> is(r, d.customerId(), "message.sent"), WAIT));
            assertThat(sent.refs()).containsEntry("campaignId", d.campaignId());
            assertThat(sent.attributes()).containsEntry("campaignName", "Cartuchos compatibles").containsEntry("objective", "cross-sell");

            HttpResponse<String> gif = anonymous("GET", pixel, null);
            assertThat(gif.statusCode()).isEqualTo(200);
            assertThat(gif.headers().firstValue("Content-Type")).contains("image/gif");
            assertThat(gif.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            touches.await(r -> is(r, d.customerId(), "message.opened"), WAIT);

            HttpResponse<String> redirect = anonymous("GET", click, null);
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).contains("https://tienda.example/cartuchos");
            Touch clicked = touch(codec, touches.await(r -> is(r, d.customerId(), "link.clicked"), WAIT));
            assertThat(clicked.attributes()).containsEntry("link", "landing");

            HttpResponse<String> answered = anonymous("POST", respond, """
                    {"response": "click-to-contact", "note": "Llamar después de las 17h"}""");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
            Touch responded = touch(codec, touches.await(r -> is(r, d.customerId(), "campaign.responded"), WAIT));
            assertThat(responded.channel()).isEqualTo("web");
            assertThat(responded.attributes()).containsEntry("response", "click-to-contact")
                    .containsEntry("note", "Llamar después de las 17h").containsEntry("campaignName", "Cartuchos compatibles");
            assertThat(responded.refs()).containsEntry("campaignId", d.campaignId());

            // A second response is accepted but publishes nothing new: one response per message.
            assertThat(call("POST", respond, "response=form", java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"))
                    .statusCode()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> funnel(d.campaignId()).get("responded").asLong() == 1);
        JsonNode f = funnel(d.campaignId());
        assertThat(f.get("opened").asLong()).isEqualTo(1);
        assertThat(f.get("clicked").asLong()).isEqualTo(1);
        // The customer view folds the engagement from the topic: 1 open + 3 × 1 click + 5 × 1 response.
        await().atMost(WAIT).until(() -> customerView(d.customerId()).orElseThrow().engagement().responses() == 1);
    }

    static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    @Test
    void everyTouchOfAMessageCarriesTheTraceOfTheRequestThatCausedIt() {
        String launchTrace = traceId();
        Delivered d = deliver("Hola {{nickname}}: {{link}}", traceparent(launchTrace), null);
        String pixel = MailParts.trackingPaths(MailParts.html(d.mail()), "o").getFirst();
        String click = MailParts.trackingPaths(MailParts.text(d.mail()), "c").getFirst();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            // Sent by the background sender, long after the launch request: still part of the launch's trace.
            ConsumerRecord<String, byte[]> sent = touches.await(r -> is(r, d.customerId(), "message.sent"), WAIT);
            assertThat(TopicProbe.header(sent, "ce_traceparent")).startsWith("00-" + launchTrace + "-");

            // Opens and clicks are caused by the recipient's requests: their own traces.
            String openTrace = traceId();
            assertThat(call("GET", pixel, null, Map.of("traceparent", traceparent(openTrace))).statusCode()).isEqualTo(200);
            ConsumerRecord<String, byte[]> opened = touches.await(r -> is(r, d.customerId(), "message.opened"), WAIT);
            assertThat(TopicProbe.header(opened, "ce_traceparent")).startsWith("00-" + openTrace + "-");
            assertThat(anonymous("GET", click, null).statusCode()).isEqualTo(302);
            ConsumerRecord<String, byte[]> clicked = touches.await(r -> is(r, d.customerId(), "link.clicked"), WAIT);
            assertThat(TopicProbe.header(clicked, "ce_traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                    .doesNotContain(launchTrace).doesNotContain(openTrace);
        }
    }

    @Test
    void aScheduledCampaignsMessagesCarryTheTraceOfTheLaunchRequest() {
        String launchTrace = traceId();
        Delivered d = deliver("Hola {{nickname}}", traceparent(launchTrace), Instant.now().plusSeconds(1));
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            ConsumerRecord<String, byte[]> sent = touches.await(r -> is(r, d.customerId(), "message.sent"), WAIT);
            assertThat(TopicProbe.header(sent, "ce_traceparent")).startsWith("00-" + launchTrace + "-");
        }
    }

    @Test
    void oneClickUnsubscribeWithdrawsConsent() {
        Delivered d = deliver("Hola {{nickname}}");
        String unsubscribe = MailParts.trackingPaths(MailParts.text(d.mail()), "u").getFirst();
        assertThat(d.mail()).satisfies(m -> assertThat(m.getHeader("List-Unsubscribe")[0]).contains(unsubscribe));
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> page = anonymous("GET", unsubscribe, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<form method=\"post\"");
            // A mail client's one-click POST, whatever it accepts.
            HttpResponse<String> done = call("POST", unsubscribe, "List-Unsubscribe=One-Click",
                    java.util.Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"));
            assertThat(done.statusCode()).isEqualTo(200);
            Touch withdrawn = touch(codec, touches.await(r -> is(r, d.customerId(), "consent.withdrawn"), WAIT));
            assertThat(withdrawn.attributes()).containsEntry("channel", "email").containsEntry("source", "unsubscribe-link");
            assertThat(call("POST", unsubscribe, null, java.util.Map.of()).statusCode()).isEqualTo(200);
            assertThat(touches.seen(r -> is(r, d.customerId(), "consent.withdrawn"))).hasSize(1);
        }
        await().atMost(WAIT).until(() -> !customerView(d.customerId()).orElseThrow().consents("email"));
    }

    @Test
    void tamperedOrForeignTokensChangeNothingAndAnswerNeutrally() {
        Delivered d = deliver("Hola {{nickname}}: {{link}}");
        String pixel = MailParts.trackingPaths(MailParts.html(d.mail()), "o").getFirst();
        String click = MailParts.trackingPaths(MailParts.text(d.mail()), "c").getFirst();
        String clickToken = click.substring(click.lastIndexOf('/') + 1);
        String tampered = pixel.replace(".gif", "x.gif");

        HttpResponse<String> gif = anonymous("GET", tampered, null);
        assertThat(gif.statusCode()).as("the pixel is always served").isEqualTo(200);
        assertThat(anonymous("GET", "/public/track/o/garbage", null).statusCode()).isEqualTo(200);

        for (String bad : List.of("/public/track/c/" + clickToken + "A", "/public/track/c/not-a-token",
                "/public/track/c/" + pixel.substring(pixel.lastIndexOf('/') + 1).replace(".gif", ""))) {
            HttpResponse<String> r = anonymous("GET", bad + "?url=https://evil.example", null);
            assertThat(r.statusCode()).as(bad).isEqualTo(404);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(anonymous("POST", "/public/track/r/forged", "{}").statusCode()).isEqualTo(404);
        assertThat(anonymous("POST", "/public/track/u/forged", null).statusCode()).isEqualTo(404);
        assertThat(anonymous("GET", "/public/track/u/forged", null).statusCode()).isEqualTo(404);

        HttpResponse<String> redirect = anonymous("GET", click + "?url=https://evil.example", null);
        assertThat(redirect.headers().firstValue("Location")).as("never a URL from the request").contains("https://tienda.example/cartuchos");
        JsonNode f = funnel(d.campaignId());
        assertThat(f.get("opened").asLong()).as("the tampered pixel opened nothing; the real click implies the open").isEqualTo(1);
        assertThat(f.get("responded").asLong()).isZero();
    }

    @Test
    void theApiStillNeedsCredentialsOutsidePublic() {
        assertThat(anonymous("GET", "/api/campaigns", null).statusCode()).isEqualTo(401);
    }
}
