package org.touchpoint.support.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** The SLA scheduler on the embedded broker: warnings, breaches and escalations, each exactly once. */
class SlaSchedulerTest extends SupportServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventCodec codec;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    OutboxStore store;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private Predicate<ConsumerRecord<String, byte[]>> touch(String customerId, String kind, String caseId) {
        return r -> customerId.equals(r.key()) && codec.readTouch(r).map(e -> {
            Touch t = e.data();
            return t.kind().equals(kind) && caseId.equals(t.refs().get("caseId"));
        }).orElse(false);
    }

    @Test
    void aCaseUnderAShortPolicyBreachesIsEscalatedAndRecordsItOnce() {
        String account = accountId();
        String customer = customerId();
        entitle(account, "platinum");
        policy("platinum", "high", "PT1S", "PT1H");
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            String id = openCase(customer, account, "high").get("id").asString();

            Touch breached = codec.readTouch(touches.await(touch(customer, "sla.breached", id), WAIT)).orElseThrow().data();
            assertThat(breached.attributes()).containsEntry("target", "first-response").containsEntry("tier", "platinum")
                    .containsEntry("priority", "high");
            assertThat(breached.attributes().get("dueAt")).isNotNull();
            Touch escalated = codec.readTouch(touches.await(touch(customer, "case.escalated", id), WAIT)).orElseThrow().data();
            assertThat(escalated.attributes()).containsEntry("reason", "sla-breach").containsEntry("fromPriority", "high")
                    .containsEntry("priority", "urgent").containsEntry("queue", "escalations");

            JsonNode c = json(call("GET", "/api/cases/" + id, null));
            assertThat(c.get("breached").asBoolean()).isTrue();
            assertThat(c.get("priority").asString()).isEqualTo("urgent");
            assertThat(c.get("queue").asString()).isEqualTo("escalations");
            assertThat(c.get("sla").get("firstResponse").get("state").asString()).isEqualTo("breached");
            assertThat(json(call("GET", "/api/cases?breached=true&customerId=" + customer, null)).get("items").size()).isEqualTo(1);

            // the scheduler keeps scanning every 200 ms: the breach stays one touch
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> touches.seen(touch(customer, "sla.breached", id)).size() == 1);
            assertThat(touches.seen(touch(customer, "case.escalated", id))).hasSize(1);
            assertThat(json(call("GET", "/api/cases/" + id, null)).get("history").findValuesAsString("type")
                    .stream().filter("sla-breach"::equals)).hasSize(1);
        }
    }

    @Test
    void aWarningComesAtEightyPercentBeforeTheBreach() {
        String account = accountId();
        String customer = customerId();
        entitle(account, "platinum");
        policy("platinum", "low", "PT5S", "PT1H"); // warning at 4 s, breach at 5 s
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            String id = openCase(customer, account, "low").get("id").asString();
            ConsumerRecord<String, byte[]> warning = touches.await(touch(customer, "sla.warning", id), WAIT);
            ConsumerRecord<String, byte[]> breach = touches.await(touch(customer, "sla.breached", id), WAIT);
            assertThat(warning.offset()).isLessThan(breach.offset());
            assertThat(codec.readTouch(warning).orElseThrow().data().attributes()).containsEntry("target", "first-response");
        }
    }

    @Test
    void aCaseWaitingForTheCustomerDoesNotBreach() {
        String account = accountId();
        String customer = customerId();
        entitle(account, "platinum");
        policy("platinum", "normal", "PT3S", "PT3S");
        String id = openCase(customer, account, "normal").get("id").asString();
        call("POST", "/api/cases/" + id + "/status", """
                {"status": "pending-customer"}""");
        JsonNode c = json(call("GET", "/api/cases/" + id, null));
        assertThat(c.get("sla").get("resolution").get("state").asString()).isEqualTo("paused");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> !json(call("GET", "/api/cases/" + id, null)).get("breached").asBoolean());
    }

    @Test
    void twoSchedulerInstancesRacingOnADueCasePublishOneBreachPerTarget() throws Exception {
        String customer = customerId();
        String id = openCase(customer, null, "normal").get("id").asString(); // basic/normal: hours, not due today
        Clock monthLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));
        SlaScanner first = new SlaScanner(mongo, store, monthLater, "escalations", 100, meters);
        SlaScanner second = new SlaScanner(mongo, store, monthLater, "escalations", 100, meters);
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> race(together, first));
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> race(together, second));
            CompletableFuture.allOf(a, b).get();
            // a scanner that lost a race leaves the case for its next pass, which finds nothing due any more
            first.scanOnce();
            second.scanOnce();

            touches.await(touch(customer, "sla.breached", id), WAIT);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> touches.seen(touch(customer, "sla.breached", id)).size() == 2);
            List<String> targets = touches.seen(touch(customer, "sla.breached", id)).stream()
                    .map(r -> (String) codec.readTouch(r).orElseThrow().data().attributes().get("target")).toList();
            assertThat(targets).containsExactlyInAnyOrder("first-response", "resolution");
            assertThat(touches.seen(touch(customer, "case.escalated", id))).hasSize(2);
        }
        JsonNode c = json(call("GET", "/api/cases/" + id, null));
        assertThat(c.get("history").findValuesAsString("type").stream().filter("sla-breach"::equals)).hasSize(2);
        assertThat(c.get("priority").asString()).isEqualTo("urgent"); // normal → high → urgent
    }

    private static int race(CyclicBarrier together, SlaScanner scanner) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return scanner.scanOnce();
    }
}
