package org.touchpoint.analytics.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.touchpoint.events.Money;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.RealInfrastructure;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;
import tools.jackson.databind.JsonNode;

/**
 * The fold, its redelivery guard and a rebuild by replay on a real MongoDB replica set and a real Kafka broker.
 * Skipped where no Docker engine runs; the embedded stack covers the same in {@link RebuildTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mongodb.database=crm_analytics")
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
    void touchesAreFoldedOnceAndARebuildYieldsTheSameView() {
        HttpCalls http = new HttpCalls(port);
        Map<String, String> auth = Map.of("Authorization", TestTokens.bearer(Scopes.ANALYTICS_READ, Scopes.ANALYTICS_WRITE));
        String id = "con_real01";
        Instant at = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        CrmEvent<Touch> won = CrmEvent.touch("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT)
                .occurredAt(at).ref("opportunityId", "opp_real").amount(new Money("4200.00", "EUR")).build(), null);
        CrmEvent<Touch> visit = CrmEvent.touch("sales-service", Touch.builder(id, TouchKinds.MEETING_LOGGED).channel(Channels.VISIT)
                .occurredAt(at.plusSeconds(60)).build(), null);
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, won));
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, visit));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = http.call("GET", "/api/customers/" + id + "/360", null, auth);
            return r.statusCode() == 200 && HttpCalls.json(r).path("touches").path("total").asLong() == 2;
        });
        JsonNode live = HttpCalls.json(http.call("GET", "/api/customers/" + id + "/360", null, auth));
        assertThat(live.path("lifetimeValue").get(0).path("amount").asString()).isEqualTo("4200.00");

        HttpResponse<String> started = http.call("POST", "/api/analytics/rebuilds", null, auth);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(HttpCalls.json(http.call("GET", location, null, auth)).path("status").asString()));
        JsonNode rebuilt = HttpCalls.json(http.call("GET", "/api/customers/" + id + "/360", null, auth));
        ((tools.jackson.databind.node.ObjectNode) live).remove("updatedAt");
        ((tools.jackson.databind.node.ObjectNode) rebuilt).remove("updatedAt");
        assertThat(rebuilt).isEqualTo(live);
    }
}
