package org.touchpoint.kit.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.touchpoint.events.Topics;
import org.touchpoint.kit.KitSpringTest;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;

/** {@code crm.kafka.dlt.records} and {@code crm.kafka.dlt.published} against the embedded broker. */
class DeadLetterMetricsTest extends KitSpringTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofMillis(200);
    private static final String SERVICE_DLT = "crm.touches.kit-test.dlt";

    @Autowired
    KafkaAdmin kafkaAdmin;
    @Autowired
    MeterRegistry meters;

    private static String bootstrap() {
        return TestInfrastructure.kafkaBootstrapServers();
    }

    private static double gauge(MeterRegistry registry, String topic) {
        return registry.get(DeadLetterTopicGauges.METRIC).tag("topic", topic).gauge().value();
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static void deadLetter(String topic, String key) {
        TopicProbe.send(bootstrap(), new ProducerRecord<>(topic, key, "dead".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theGaugeIsTheNumberOfRecordsHeldAcrossPartitions() throws Exception {
        String topic = "crm.touches.gauge-" + UUID.randomUUID() + ".dlt";
        createTopic(topic, 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterTopicGauges gauges = new DeadLetterTopicGauges(kafkaAdmin, List.of(topic), registry, FAST);
        gauges.start();
        try {
            await().atMost(WAIT).until(() -> gauge(registry, topic) == 0.0);

            int n = 7;
            for (int i = 0; i < n; i++) {
                deadLetter(topic, "cus_" + i); // different keys: spread over the three partitions
            }
            await().atMost(WAIT).until(() -> gauge(registry, topic) == n);

            // Records removed (as after an operator replays and truncates the topic) are no longer held.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                var latest = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(
                        p -> new TopicPartition(topic, p.partition()),
                        p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
                admin.deleteRecords(latest.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue().offset())))).all().get();
            }
            await().atMost(WAIT).until(() -> gauge(registry, topic) == 0.0);
        } finally {
            gauges.stop();
        }
        assertThat(gauges.isRunning()).isFalse();
    }

    @Test
    void aDeadLetterTopicNotCreatedYetHoldsNothing() {
        String topic = "crm.touches.never-" + UUID.randomUUID() + ".dlt";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterTopicGauges gauges = new DeadLetterTopicGauges(kafkaAdmin, List.of(topic), registry, FAST);
        gauges.start();
        try {
            await().atMost(WAIT).until(() -> gauge(registry, topic) == 0.0);
        } finally {
            gauges.stop();
        }
    }

    @Test
    void withKafkaAwayTheGaugeIsUnknownAndNothingFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaAdmin unreachable = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort));
        String topic = "crm.touches.away.dlt";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterTopicGauges gauges = new DeadLetterTopicGauges(unreachable, List.of(topic), registry, FAST);
        Instant begin = Instant.now();
        gauges.start();
        assertThat(Duration.between(begin, Instant.now())).as("start does not wait for Kafka").isLessThan(Duration.ofSeconds(2));
        try {
            Gauge gauge = registry.get(DeadLetterTopicGauges.METRIC).tag("topic", topic).gauge();
            // Several refreshes (every 200 ms, each timing out within 200 ms) fail meanwhile: unknown, never a false zero.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Double.isNaN(gauge.value()));
        } finally {
            Instant stopping = Instant.now();
            gauges.stop();
            assertThat(Duration.between(stopping, Instant.now())).as("stop does not wait for Kafka").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void theServiceReportsItsOwnDeadLetterTopicFromStartAndCountsWhatItDeadLetters() {
        // Registered at start-up for both topics the folding consumer reads.
        await().atMost(WAIT).until(() -> !Double.isNaN(gauge(meters, SERVICE_DLT)));
        assertThat(meters.find(DeadLetterTopicGauges.METRIC).tag("topic", Topics.deadLetter(Topics.CUSTOMER_PROFILES, "kit-test")).gauge())
                .as("the folding consumer reads the profiles too").isNotNull();
        var published = meters.get(CountingDeadLetterRecoverer.METRIC).tag("topic", SERVICE_DLT).counter();
        double before = published.count();

        String customer = "cus_" + UUID.randomUUID();
        try (TopicProbe dlt = new TopicProbe(bootstrap(), SERVICE_DLT)) {
            TopicProbe.send(bootstrap(), new ProducerRecord<>(Topics.TOUCHES, customer, "not a CloudEvent".getBytes(StandardCharsets.UTF_8)));
            dlt.await(r -> customer.equals(r.key()), WAIT);
        }
        await().atMost(WAIT).until(() -> published.count() >= before + 1);
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeadLetterTopicGauges(kafkaAdmin, List.of("t"),
                new SimpleMeterRegistry(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
