package org.touchpoint.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.events.Topics;

/** Reads crm.touches from the beginning, like {@link Kafka.Reader}, and can also count what it has read (to prove "once"). */
final class SalesTouchReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    SalesTouchReader(PlatformEndpoints endpoints) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-sales-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.TOUCHES));
    }

    ConsumerRecord<String, byte[]> awaitRecord(String what, Duration atMost, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        await(what).atMost(atMost).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                    return seen.stream().anyMatch(wanted);
                });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    /** How many of the records read so far match. */
    long count(Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return seen.stream().filter(wanted).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
