package org.touchpoint.customer.contact;

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
import org.touchpoint.kit.test.RealInfrastructure;
import org.touchpoint.kit.test.HttpCalls;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;

/**
 * The write and read paths on a real MongoDB replica set and a real Kafka broker (the images production
 * uses). Skipped where no Docker engine runs; the same behaviour is covered on the embedded stack by
 * {@link ContactEventsTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mongodb.database=crm_customer")
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
    void aContactIsWrittenWithItsTouchAndFoldsTouchesOnce() {
        HttpCalls http = new HttpCalls(port);
        Map<String, String> auth = Map.of("Authorization", TestTokens.bearer(Scopes.CONTACTS_READ, Scopes.CONTACTS_WRITE));
        try (TopicProbe touches = new TopicProbe(KAFKA.getBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> created = http.call("POST", "/api/contacts", """
                    {"firstName": "Inês", "lastName": "Carvalho", "emails": ["ines@porto.example"]}""", auth);
            assertThat(created.statusCode()).isEqualTo(201);
            String id = HttpCalls.json(created).get("id").asString();
            touches.await(r -> id.equals(r.key()), Duration.ofSeconds(60));

            CrmEvent<Touch> visit = CrmEvent.touch("sales-service", Touch.builder(id, "meeting.logged").channel(Channels.VISIT).build(), null);
            TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, visit));
            TopicProbe.send(KAFKA.getBootstrapServers(), codec.toRecord(Topics.TOUCHES, visit));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    HttpCalls.json(http.call("GET", "/api/contacts/" + id, null, auth)).get("activity").get("totalTouches").asLong() == 1);
        }
    }
}
