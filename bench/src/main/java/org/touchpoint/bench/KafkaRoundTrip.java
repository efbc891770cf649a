package org.touchpoint.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline of touch freshness: the raw Kafka round trip on the same broker, from {@code send()} to the record
 * returned by a consumer's poll, at the same rate as the benchmark's writes. The producer has the services'
 * settings (acks=all, idempotent, linger.ms=5: crm-service-kit {@code CrmDefaults}); the consumer the client
 * defaults, like the services' listeners. The scratch topic is deleted afterwards.
 */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    static long[] measure(String bootstrap, double perSecond, int records) {
        String topic = "bench.round-trip." + UUID.randomUUID();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return roundTrips(bootstrap, topic, perSecond, records);
            } finally {
                client.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka round trip on " + bootstrap + " failed: " + e, e);
        }
    }

    private static long[] roundTrips(String bootstrap, String topic, double perSecond, int records) throws InterruptedException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies(records);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ZERO);
            // Warm-up: the first records pay for metadata and connections; not measured.
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, "warm-up", ByteBuffer.allocate(8).putLong(-1).array()));
            }
            producer.flush();
            int warmed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (warmed < 20 && System.nanoTime() < deadline) {
                warmed += consumer.poll(Duration.ofMillis(100)).count();
            }
            Thread consumerThread = Thread.ofPlatform().name("round-trip-consumer").start(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (records / perSecond) + 30);
                while (latencies.size() < records && System.nanoTime() < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long received = System.nanoTime();
                        Long sent = sentAt.remove(ByteBuffer.wrap(record.value()).getLong());
                        if (sent != null) {
                            latencies.add(received - sent);
                        }
                    }
                }
            });
            long start = System.nanoTime();
            long interval = (long) (1e9 / perSecond);
            for (long i = 0; i < records; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                sentAt.put(i, System.nanoTime());
                producer.send(new ProducerRecord<>(topic, "bench", ByteBuffer.allocate(8).putLong(i).array()));
            }
            consumerThread.join();
        }
        return Latencies.mergeSorted(List.of(latencies));
    }
}
