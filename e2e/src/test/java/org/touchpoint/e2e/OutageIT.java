package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.Platform;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/**
 * Parts of the platform going down while clients keep calling. Each test restores what it stopped in a
 * finally block, and waits until the platform serves again, so the other tests never notice.
 */
@ExtendWith(RunningPlatform.class)
class OutageIT {

    /** Generous: the outbox relay, the producer's reconnection and a cold broker on 2 shared cores. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final Platform platform;
    private final PlatformEndpoints endpoints;
    private final Gateway gateway;

    OutageIT(Platform platform, PlatformEndpoints endpoints, Gateway gateway) {
        this.platform = platform;
        this.endpoints = endpoints;
        this.gateway = gateway;
    }

    @Test
    void aContactCreatedWhileKafkaIsDownIsPublishedOnceKafkaIsBack() {
        String id;
        platform.stopKafka();
        try {
            Instant begin = Instant.now();
            Reply created = gateway.api().timeout(Duration.ofSeconds(60)).post("/api/contacts", contact("Renata", "Vidal"));
            System.out.println("[e2e] POST /api/contacts with Kafka down answered " + created.status() + " in "
                    + Duration.between(begin, Instant.now()).toMillis() + " ms");

            assertThat(created.status()).as("the write succeeds without Kafka: %s", created).isEqualTo(201);
            id = id(created.json());
            assertThat(gateway.api().get("/api/contacts/" + id).status()).isEqualTo(200);
        } finally {
            platform.startKafka();
        }

        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES)) {
            touches.awaitRecord("contact.created of " + id + " after the broker restart", RECOVERY,
                    record -> id.equals(record.key()) && ContactEventsIT.isTouch(record, TouchKinds.CONTACT_CREATED));
        }
        awaitReadPathWorking(id);
    }

    /**
     * The stronger form: the service is restarted while Kafka is still down, so whatever its producer held in
     * memory is gone. Only the outbox stored in MongoDB with the contact can publish the touch afterwards.
     */
    @Test
    void aContactCreatedWhileKafkaIsDownIsPublishedEvenIfTheServiceRestartsBeforeKafkaIsBack() {
        String id;
        platform.stopKafka();
        try {
            Reply created = gateway.api().timeout(Duration.ofSeconds(60)).post("/api/contacts", contact("Ignacio", "Bravo"));
            assertThat(created.status()).as("the write succeeds without Kafka: %s", created).isEqualTo(201);
            id = id(created.json());
            platform.stopService("customer-service");
        } finally {
            try {
                platform.startKafka();
            } finally {
                if (!platform.isRunning("customer-service")) {
                    platform.startService("customer-service");
                }
            }
        }

        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES)) {
            touches.awaitRecord("contact.created of " + id + " after the broker and the service restarted", RECOVERY,
                    record -> id.equals(record.key()) && ContactEventsIT.isTouch(record, TouchKinds.CONTACT_CREATED));
        }

        // The instance stopped while Kafka was down could not leave its consumer group: the new one consumes
        // only once the broker has expired that member (session timeout).
        awaitReadPathWorking(id);
    }

    /** After an outage: customer-service consumes touches again (so later tests find the read path working). */
    private void awaitReadPathWorking(String contactId) {
        Instant begin = Instant.now();
        Kafka.produce(endpoints, Kafka.CODEC.toRecord(Topics.TOUCHES, CrmEvent.touch("sales-service",
                Touch.builder(contactId, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).build(), null)));
        await("customer-service consuming touches again").atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).until(() ->
                gateway.api().get("/api/contacts/" + contactId).json().path("activity").path("touchCounts").path("phone").asInt() == 1);
        System.out.println("[e2e] read path working again after " + Duration.between(begin, Instant.now()).toMillis() + " ms");
    }

    @Test
    void theGatewayAnswers503ProblemWhileCustomerServiceIsDown() {
        String id = id(TestData.create(gateway, contact()));
        platform.stopService("customer-service");
        try {
            Reply get = gateway.api().get("/api/contacts/" + id);
            Reply post = gateway.api().post("/api/contacts", contact());

            assertThat(get.status()).as("%s", get).isEqualTo(503);
            assertThat(get.contentType()).startsWith("application/problem+json");
            assertThat(get.json().path("status").asInt()).isEqualTo(503);
            assertThat(post.status()).as("%s", post).isEqualTo(503);
            assertThat(post.contentType()).startsWith("application/problem+json");
        } finally {
            platform.startService("customer-service");
        }
        await("customer-service serving through the gateway again").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.api().get("/api/contacts/" + id).status() == 200);
    }
}
