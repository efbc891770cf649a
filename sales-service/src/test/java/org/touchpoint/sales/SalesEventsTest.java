package org.touchpoint.sales;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;

/** Helpers of the events tier: publish touches and profiles as other services do, read what this service published. */
public abstract class SalesEventsTest extends SalesServiceTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    protected EventCodec codec;

    protected CrmEvent<Touch> publish(String source, Touch touch) {
        CrmEvent<Touch> event = CrmEvent.touch(source, touch, null);
        publish(event);
        return event;
    }

    protected void publish(CrmEvent<Touch> event) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(Topics.TOUCHES, event));
    }

    /**
     * Publishes on partition 0 whatever the key: records of several customers sent this way are handled in this order
     * by one consumer, so a later, observable record of a live customer tells that the earlier ones were handled.
     */
    protected CrmEvent<Touch> publishOnPartitionZero(String source, Touch touch) {
        CrmEvent<Touch> event = CrmEvent.touch(source, touch, null);
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.TOUCHES, event);
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(),
                new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers()));
        return event;
    }

    protected void publishProfile(String customerId, String firstName, String lastName, String email, long version) {
        CustomerProfile p = new CustomerProfile(customerId, "acc_01JANDINA000000000000000000", "Distribuidora Andina", firstName, lastName,
                firstName + " " + lastName, "Menchu", email, "+57 4 444 1234", "Gerente de Compras", "user:lucia", "customer",
                Map.of(), List.of("vip"), version, Instant.now(), "Prefiere visitas los martes por la mañana");
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(Topics.CUSTOMER_PROFILES,
                CrmEvent.profile("customer-service", p, null)));
    }

    protected void publishTombstone(String customerId) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.profileTombstone(customerId));
    }

    protected TopicProbe touches() {
        return new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES);
    }

    protected Touch touchOf(ConsumerRecord<String, byte[]> record) {
        return codec.readTouch(record).orElseThrow().data();
    }

    protected boolean isTouch(ConsumerRecord<String, byte[]> record, String kind, String refName, String refValue) {
        if (record.value() == null) {
            return false;
        }
        try {
            return codec.readTouch(record).map(e -> e.data().kind().equals(kind) && refValue.equals(e.data().refs().get(refName))).orElse(false);
        } catch (org.touchpoint.events.MalformedEventException notOurs) {
            return false; // another test's poison record
        }
    }
}
