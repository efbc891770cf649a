package org.touchpoint.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.RealInfrastructure;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;

/**
 * The write path, the SLA scheduler and the read path on a real MongoDB replica set and a real Kafka broker.
 * Skipped where no Docker engine runs; the same behaviour is covered on the embedded stack by
 * {@code SlaSchedulerTest} and {@code SupportEventsTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_support", "crm.support.sla.scan-interval=200ms"})
class RealInfrastructureTest {

    @Container
    static final MongoDBContainer MONGO = RealInfrastructure.mongo();
    @Container
    static final KafkaContainer KAFKA = RealInfrastructure.kafka();

    @LocalServerPort
    int port;
    @Autowired
    EventCodec codec;

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, MONGO, KAFKA);
    }

    @Test
    void aCaseBreachesOnceAndAWonSupportPlanSetsTheTier() {
        HttpCalls http = new HttpCalls(port);
        Map<String, String> auth = Map.of("Authorization", TestTokens.bearer(Scopes.CASES_READ, Scopes.CASES_WRITE, Scopes.SLA_WRITE));
        String customer = "con_01JD5Z8Q4W3V6R7T8Y9U0I1O2P";
        String account = "acc_01JD5Z8Q4W3V6R7T8Y9U0I1O2P";
        try (TopicProbe touches = new TopicProbe(KAFKA.getBootstrapServers(), Topics.TOUCHES)) {
            CrmEvent<Touch> won = CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.won").accountId(account)
                    .channel(Channels.VISIT).occurredAt(Instant.now()).ref("opportunityId", "opp_1")
                    .attribute("lineItems", List.of(Map.of("productCode", "support-premium", "category", "support-plan",
                            "quantity", 1, "unitPrice", "2400.00"))).build(), null);
            TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));
            TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));
            await().atMost(Duration.ofSeconds(60)).until(() -> http.call("GET", "/api/entitlements/" + account, null, auth).statusCode() == 200);

            assertThat(http.call("PUT", "/api/sla-policies/premium/urgent", """
                    {"firstResponse": "PT1S", "resolution": "PT1H"}""", auth).statusCode()).isEqualTo(200);
            HttpResponse<String> opened = http.call("POST", "/api/cases", """
                    {"customerId": "%s", "accountId": "%s", "subject": "Caída del sistema de cajas", "channel": "phone",
                     "priority": "urgent"}""".formatted(customer, account), auth);
            assertThat(HttpCalls.json(opened).get("tier").asString()).isEqualTo("premium");
            String id = HttpCalls.json(opened).get("id").asString();
            touches.await(r -> customer.equals(r.key()) && codec.readTouch(r)
                    .map(e -> e.data().kind().equals("sla.breached") && id.equals(e.data().refs().get("caseId"))).orElse(false), Duration.ofSeconds(60));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> touches.seen(r -> customer.equals(r.key())
                    && codec.readTouch(r).map(e -> e.data().kind().equals("sla.breached")).orElse(false)).size() == 1);
            assertThat(touches.seen(r -> account.equals(r.key()))).hasSize(1); // one entitlement.changed despite the redelivery
        }
    }
}
