package org.touchpoint.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Touch;

/**
 * Plain Kafka clients on the platform's broker, as another service would use them. A {@link Reader} reads a
 * topic from the beginning with a group of its own, so it sees every record whatever ran before.
 */
final class Kafka {

    static final EventCodec CODEC = new EventCodec();

    private Kafka() {
    }

    /** A reader of one topic from its first record. Close it. */
    static Reader read(PlatformEndpoints endpoints, String topic) {
        return new Reader(endpoints.kafkaBootstrapServers(), topic);
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    static void produce(PlatformEndpoints endpoints, ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "e2e-producer-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Producing to " + record.topic() + " failed", e);
        }
    }

    /** The touch of a record, or empty for another type. */
    static Optional<CrmEvent<Touch>> touch(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? Optional.empty() : CODEC.readTouch(record);
    }

    static final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final String topic;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        private Reader(String bootstrapServers, String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        /** Polls until a record matching {@code wanted} has arrived (it may have arrived earlier); answers it. */
        ConsumerRecord<String, byte[]> awaitRecord(String what, Duration atMost, Predicate<ConsumerRecord<String, byte[]>> wanted) {
            await(what + " on " + topic).atMost(atMost).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        poll();
                        return seen.stream().anyMatch(wanted);
                    });
            return seen.stream().filter(wanted).findFirst().orElseThrow();
        }

        ConsumerRecord<String, byte[]> awaitRecord(String what, Predicate<ConsumerRecord<String, byte[]>> wanted) {
            return awaitRecord(what, Duration.ofSeconds(30), wanted);
        }

        private void poll() {
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
