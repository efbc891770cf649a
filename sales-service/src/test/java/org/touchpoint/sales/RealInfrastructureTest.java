package org.touchpoint.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.RealInfrastructure;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;

/**
 * The write and read paths on a real MongoDB replica set and a real Kafka broker (the images production uses):
 * a lead scored by a touch delivered twice, converted, its lead.converted published. Skipped where no Docker engine
 * runs; the same behaviour is covered on the embedded stack by the *EventsTest classes.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mongodb.database=crm_sales")
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
    void aLeadIsScoredOnceByARedeliveredTouchAndConverted() {
        HttpCalls http = new HttpCalls(port);
        Map<String, String> auth = Map.of("Authorization", TestTokens.bearer(Scopes.LEADS_READ, Scopes.LEADS_WRITE));
        HttpResponse<String> created = http.call("POST", "/api/leads", """
                {"firstName": "Inês", "lastName": "Carvalho", "email": "ines@porto.example", "industry": "retail"}""", auth);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = HttpCalls.json(created).get("id").asString();

        CrmEvent<Touch> meeting = CrmEvent.touch("sales-service", Touch.builder(id, TouchKinds.MEETING_LOGGED)
                .channel(Channels.VISIT).ref("leadId", id).build(), null);
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, meeting));
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, meeting));
        // A later touch of the same lead (same key, same partition): once it counts, the duplicate was processed.
        TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, CrmEvent.touch("sales-service",
                Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).ref("leadId", id).build(), null)));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                HttpCalls.json(http.call("GET", "/api/leads/" + id, null, auth)).get("score").asInt() == 50);

        try (TopicProbe touches = new TopicProbe(KAFKA.getBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> converted = http.call("POST", "/api/leads/" + id + "/convert", "{}", auth);
            assertThat(converted.statusCode()).isEqualTo(200);
            String customer = HttpCalls.json(converted).get("customerId").asString();
            touches.await(r -> customer.equals(r.key()), Duration.ofSeconds(60));
        }
    }
}
