package org.touchpoint.marketing.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.touchpoint.events.Consent;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.RealInfrastructure;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;

/**
 * The view folding, segment membership and a real send with its message.sent touch, on a real MongoDB replica
 * set and a real Kafka broker. Skipped where no Docker engine runs; the embedded variants are
 * {@link MarketingEventsTest} and the campaign tests.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_marketing", "crm.marketing.sender.interval=200ms"})
class RealInfrastructureTest {

    @Container
    static final MongoDBContainer MONGO = RealInfrastructure.mongo();
    @Container
    static final KafkaContainer KAFKA = RealInfrastructure.kafka();
    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    @LocalServerPort
    int port;
    @Autowired
    EventCodec codec;

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        SMTP.start();
        RealInfrastructure.register(registry, MONGO, KAFKA);
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("spring.mail.host", () -> "localhost");
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Test
    void aProfileAndAPurchaseSelectACustomerWhoseEmailIsSentAndPublished() {
        HttpCalls http = new HttpCalls(port);
        Map<String, String> auth = Map.of("Authorization", TestTokens.bearer(Scopes.SEGMENTS_READ, Scopes.SEGMENTS_WRITE,
                Scopes.CAMPAIGNS_READ, Scopes.CAMPAIGNS_WRITE));
        String id = "con_REALINFRA01";
        CustomerProfile p = new CustomerProfile(id, null, null, "Inês", "Carvalho", "Inês Carvalho", null, "ines@porto.example", null,
                null, null, "customer", Map.of("email", new Consent(Consent.GRANTED, Instant.now(), "web-form")), List.of("price-sensitive"),
                0, Instant.now());
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.CUSTOMER_PROFILES, CrmEvent.profile("customer-service", p, null)));
        CrmEvent<Touch> won = CrmEvent.touch("sales-service", Touch.builder(id, "opportunity.won").ref("opportunityId", "opp_1")
                .amount(new org.touchpoint.events.Money("60.00", "EUR"))
                .attribute("lineItems", List.of(Map.of("productCode", "HP-664", "category", "ink-cartridges", "quantity", 1, "unitPrice", "60.00")))
                .build(), null);
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));

        String rule = """
                {"all": [{"field": "purchases.category", "op": "bought-within", "value": "ink-cartridges", "days": 180},
                         {"field": "tags", "op": "contains", "value": "price-sensitive"}]}""";
        await().atMost(Duration.ofSeconds(90)).until(() ->
                HttpCalls.json(http.call("POST", "/api/segments/preview", "{\"rule\": " + rule + "}", auth)).get("count").asLong() == 1);
        String segment = HttpCalls.json(http.call("POST", "/api/segments", "{\"name\": \"Cartuchos\", \"rule\": " + rule + "}", auth))
                .get("id").asString();
        HttpResponse<String> campaign = http.call("POST", "/api/campaigns", """
                {"name": "Compatibles", "objective": "cross-sell", "channel": "email", "segmentId": "%s",
                 "template": {"subject": "Olá {{firstName}}", "body": "Cartuchos compatíveis"}}""".formatted(segment), auth);
        String campaignId = HttpCalls.json(campaign).get("id").asString();
        try (TopicProbe touches = new TopicProbe(KAFKA.getBootstrapServers(), Topics.TOUCHES)) {
            assertThat(http.call("POST", "/api/campaigns/" + campaignId + "/launch", null, auth).statusCode()).isEqualTo(200);
            touches.await(r -> id.equals(r.key()) && codec.readTouch(r).map(t -> t.data().kind().equals("message.sent")).orElse(false),
                    Duration.ofSeconds(60));
        }
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }
}
