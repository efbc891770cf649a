package org.touchpoint.marketing.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.marketing.MarketingServiceTest;

/** The customer view folded from the real embedded broker: idempotent, order-tolerant, poison to the DLT. */
class MarketingEventsTest extends MarketingServiceTest {

    Document view(String id) {
        return mongo.findById(id, Document.class, CustomerViews.CUSTOMERS);
    }

    @Test
    void aRedeliveredWonDealIsCountedOnce() {
        String id = customer("Joaquín", null, true, tag());
        CrmEvent<Touch> won = won(id, "opp_" + unique(), Instant.now(), "240.00",
                List.of(item("HP-664", "Cartucho HP 664", "ink-cartridges", 2, "60.00"), item("USB-2M", "Cable USB 2 m", "cables", 4, "30.00")));
        publish(won);
        publish(won);
        // The same deal again under another event id (a producer's retry) does not count twice either.
        publish(new CrmEvent<>(UUID.randomUUID().toString(), won.source(), won.type(), won.subject(), won.time(), null, won.data()));
        String probe = "opp_probe_" + unique();
        publish(won(id, probe, Instant.now(), "1.00", List.of()));
        await().atMost(WAIT).until(() -> view(id).getList("wins", Document.class, List.of()).size() == 2);
        assertThat(view(id).getList("purchases", Document.class)).hasSize(2);
    }

    @Test
    void touchesBeforeTheProfileAreKeptAndAnOlderProfileIsIgnored() {
        String id = "con_" + unique().toUpperCase();
        publish(won(id, "opp_" + unique(), Instant.now(), "60.00", List.of(item("HP-664", "Cartucho HP 664", "ink-cartridges", 1, "60.00"))));
        await().atMost(WAIT).until(() -> purchases(mongo, id) == 1);
        assertThat(customerView(id)).hasValueSatisfying(c -> assertThat(c.known()).isFalse());

        profile(id, "Beatriz", "Bea", true, 3, null, "price-sensitive");
        await().atMost(WAIT).until(() -> known(id));
        profile(id, "Beatriz", "Bea", false, 2, null); // an older snapshot arriving late
        profile(id, "Beatriz", "Bea", true, 4, null, "price-sensitive", "vip");
        await().atMost(WAIT).until(() -> view(id).getLong("profileVersion") == 4);
        assertThat(view(id).getList("tags", String.class)).containsExactly("price-sensitive", "vip");
        assertThat(view(id).get("consent", Document.class).getBoolean("email")).isTrue();
        assertThat(purchases(mongo, id)).isEqualTo(1);
    }

    @Test
    void aTombstoneForgetsTheCustomerAndDropsItFromSegments() {
        String tag = tag();
        String id = customer("Raúl", null, true, tag);
        String segment = json(call("POST", "/api/segments", """
                {"name": "Raúl", "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag))).get("id").asString();
        assertThat(json(call("GET", "/api/segments/" + segment, null)).get("memberCount").asLong()).isEqualTo(1);
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.profileTombstone(id));
        await().atMost(WAIT).until(() -> json(call("GET", "/api/segments/" + segment, null)).get("memberCount").asLong() == 0);
        assertThat(view(id).getBoolean("forgotten")).isTrue();
        assertThat(view(id)).doesNotContainKeys("firstName", "lastName", "displayName", "nickname", "email", "tags", "consent",
                "purchases", "wins", "openCases", "lastTouchAt");
        assertThat(customerView(id)).isEmpty();
        assertThat(call("GET", "/api/customers/" + id + "/recommendations", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRedeliveredProfileBringsBackAMembershipLostAfterTheViewWasWritten() {
        String tag = tag();
        String id = "con_" + unique().toUpperCase();
        String segment = json(call("POST", "/api/segments", """
                {"name": "Redelivery", "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag))).get("id").asString();
        CrmEvent<org.touchpoint.events.CustomerProfile> snapshot = profileEvent(id, "Irene", null, true, 0, null, tag);
        publish(snapshot);
        await().atMost(WAIT).until(() -> memberCount(segment) == 1);
        // As if the membership update had failed after the view was written: the view has the event, the segment not.
        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(org.springframework.data.mongodb.core.query.Criteria
                .where("segmentId").is(segment)), "segment_members");
        assertThat(memberCount(segment)).isZero();
        publish(snapshot); // the same event again: the fold skips it as applied, the reaction re-evaluates the customer
        await().atMost(WAIT).until(() -> memberCount(segment) == 1);
        assertThat(view(id).getLong("version")).as("the view was not written again").isEqualTo(1);
    }

    long memberCount(String segment) {
        return json(call("GET", "/api/segments/" + segment, null)).get("memberCount").asLong();
    }

    @Test
    void accountIndustryAndSupportTierReachTheSegmentOfTheAccountsCustomers() {
        String account = "acc_" + unique().toUpperCase();
        String id = "con_" + unique().toUpperCase();
        profile(id, "Elena", null, true, 0, account);
        await().atMost(WAIT).until(() -> known(id));
        String segment = json(call("POST", "/api/segments", """
                {"name": "Retail premium", "rule": {"all": [{"field": "account.industry", "op": "eq", "value": "retail"},
                 {"field": "account.supportTier", "op": "eq", "value": "premium"}, {"field": "accountId", "op": "eq", "value": "%s"}]}}"""
                .formatted(account))).get("id").asString();
        Instant t = Instant.now();
        publish(CrmEvent.touch("customer-service", Touch.builder(account, "account.created").accountId(account).occurredAt(t)
                .attribute("name", "Papelería Andina").attribute("industry", "retail").build(), null));
        publish(CrmEvent.touch("customer-service", Touch.builder(account, "account.updated").accountId(account).occurredAt(t.minusSeconds(60))
                .attribute("industry", "banking").build(), null)); // older: ignored
        publish(CrmEvent.touch("support-service", Touch.builder(account, "entitlement.changed").accountId(account).occurredAt(t)
                .attribute("tier", "premium").attribute("source", "api").build(), null));
        await().atMost(WAIT).until(() -> json(call("GET", "/api/segments/" + segment, null)).get("memberCount").asLong() == 1);
        assertThat(mongo.findById(account, Document.class, CustomerViews.ACCOUNTS).getString("industry")).isEqualTo("retail");
    }

    @Test
    void casesOpenAndCloseAndSystemTouchesAreNotConversations() {
        String id = customer("Hugo", null, true, tag());
        String caseId = "cas_" + unique();
        publish(CrmEvent.touch("support-service", Touch.builder(id, "case.opened").channel(Channels.PHONE)
                .ref("caseId", caseId).attribute("priority", "urgent").build(), null));
        await().atMost(WAIT).until(() -> openCases(id).containsKey(caseId));
        assertThat(openCases(id)).containsEntry(caseId, "urgent");
        assertThat(customerView(id).orElseThrow().lastTouchAt()).isNotNull();
        publish(CrmEvent.touch("support-service", Touch.builder(id, "case.closed").ref("caseId", caseId).build(), null));
        publish(CrmEvent.touch("support-service", Touch.builder(id, "case.updated").ref("caseId", caseId).attribute("priority", "low").build(), null));
        await().atMost(WAIT).until(() -> view(id).getList("closedCases", String.class, List.of()).contains(caseId));
        assertThat(openCases(id)).doesNotContainKey(caseId);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopic() {
        String key = "con_POISON" + unique();
        try (TopicProbe dlt = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), "crm.touches.marketing-service.dlt")) {
            TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), new ProducerRecord<>(Topics.TOUCHES, key, "not a cloud event".getBytes()));
            ConsumerRecord<String, byte[]> dead = dlt.await(r -> key.equals(r.key()), WAIT);
            assertThat(dead.value()).isNotNull();
        }
        String id = customer("Después", null, true, tag()); // and the consumer carries on
        assertThat(known(id)).isTrue();
    }
}
