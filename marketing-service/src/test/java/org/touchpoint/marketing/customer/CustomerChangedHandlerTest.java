package org.touchpoint.marketing.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.touchpoint.marketing.customer.FoldBatches.profile;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.Freshness;
import org.touchpoint.kit.folding.FoldingListener;

/**
 * Segment membership hears of every folded change, through the kit's folding listener without Kafka: once per batch
 * after the write, and record by record when that did not happen (a failure, a redelivery), retried, then
 * dead-lettered: never silently lost.
 */
class CustomerChangedHandlerTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    private final EventCodec codec = new EventCodec();
    /** The changes the listeners took; a listener that throws takes nothing. */
    private final List<CustomerChanged> heard = new ArrayList<>();
    private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
    private int calls;
    private int failing;
    private FoldBatches b;
    private FoldingListener listener;
    private long offset;

    @BeforeEach
    void setUp() {
        b = new FoldBatches();
        CustomerChanges changes = new CustomerChanges(event -> {
            calls++;
            if (failing > 0) {
                failing--;
                throw new IllegalStateException("segment membership failed");
            }
            heard.add((CustomerChanged) event);
        });
        AccountFold accounts = new AccountFold(changes);
        CustomerFold customers = new CustomerFold(changes);
        CustomerChangedHandler handler = new CustomerChangedHandler(changes, customers, accounts);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        listener = new FoldingListener(codec, b.engine, List.of(accounts, customers), List.of(handler), List.of(handler),
                new Freshness(meters, Clock.systemUTC()), (record, consumer, failure) -> deadLettered.add(record), 3,
                Duration.ofMillis(1), meters);
    }

    @AfterEach
    void tearDown() {
        b.close();
    }

    private ConsumerRecord<String, byte[]> record(ProducerRecord<String, byte[]> p) {
        return new ConsumerRecord<>(p.topic(), 0, offset++, 0L, TimestampType.CREATE_TIME, -1, -1, p.key(), p.value(), p.headers(),
                Optional.empty());
    }

    /** A profile of con_A in acc_1, a deal con_A won, and acc_1's new industry. */
    private List<ConsumerRecord<String, byte[]>> batch() {
        return List.of(
                record(codec.toRecord(Topics.CUSTOMER_PROFILES, profile("con_A", 1, "acc_1", true))),
                record(codec.toRecord(Topics.TOUCHES, CustomerFoldTest.won("con_A", "opp_1", "10.00"))),
                record(codec.toRecord(Topics.TOUCHES, AccountFoldTest.account("acc_1", TouchKinds.ACCOUNT_UPDATED, T, "industry", "retail"))));
    }

    @Test
    void aBatchIsAnnouncedOnceAfterItsWriteAndTheReactionAddsNothing() {
        listener.onBatch(batch(), null);
        assertThat(heard).containsExactly(CustomerChanged.account("acc_1"), CustomerChanged.customers(List.of("con_A")));
        assertThat(calls).isEqualTo(2);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aRedeliveredBatchIsAnnouncedAgainRecordByRecord() {
        List<ConsumerRecord<String, byte[]>> batch = batch();
        listener.onBatch(batch, null);
        heard.clear();
        listener.onBatch(batch, null); // the folds find only duplicates: they write and announce nothing
        assertThat(heard).containsExactly(CustomerChanged.customer("con_A"), CustomerChanged.customer("con_A"),
                CustomerChanged.account("acc_1"));
    }

    @Test
    void anAnnouncementThatFailedAfterTheWriteIsMadeByTheReaction() {
        failing = 1; // the accounts fold's announcement after its write
        listener.onBatch(batch(), null);
        assertThat(heard).containsExactly(CustomerChanged.customers(List.of("con_A")), CustomerChanged.account("acc_1"));
        assertThat(deadLettered).isEmpty();

        failing = 2; // the customers fold's announcement, then the first attempt of the reaction: retried
        List<ConsumerRecord<String, byte[]>> next = List.of(record(codec.toRecord(Topics.CUSTOMER_PROFILES, profile("con_A", 2, "acc_1", true, "vip"))));
        heard.clear();
        listener.onBatch(next, null);
        assertThat(heard).containsExactly(CustomerChanged.customer("con_A"));
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void anAnnouncementThatKeepsFailingDeadLettersItsRecords() {
        failing = Integer.MAX_VALUE;
        List<ConsumerRecord<String, byte[]>> batch = batch();
        listener.onBatch(batch, null);
        assertThat(heard).isEmpty();
        assertThat(deadLettered).as("visible on the dead-letter topic, to be replayed").containsExactlyElementsOf(batch);
        assertThat(calls).as("2 after the writes, then 3 attempts per record").isEqualTo(2 + 3 * 3);
        assertThat(new CustomerViews(b.mongo, FoldBatches.KAFKA).find("con_A")).as("the copy itself was written")
                .hasValueSatisfying(c -> assertThat(c.known()).isTrue());
    }

    @Test
    void anErasureIsAnnouncedByTheReactionEveryTime() {
        listener.onBatch(List.of(record(codec.toRecord(Topics.CUSTOMER_PROFILES, profile("con_A", 1, null, true)))), null);
        heard.clear();
        ConsumerRecord<String, byte[]> tombstone = record(codec.profileTombstone("con_A"));
        listener.onBatch(List.of(tombstone), null);
        listener.onBatch(List.of(tombstone), null);
        assertThat(heard).containsExactly(CustomerChanged.erased("con_A"), CustomerChanged.erased("con_A"));
    }
}
