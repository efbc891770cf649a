package org.touchpoint.kit.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code crm.kafka.dlt.records} gauge, tagged {@code topic}: how many records each of this service's
 * dead-letter topics holds (latest minus earliest offset, summed over its partitions). Anything above zero is a
 * record this service could not apply and someone must look at.
 *
 * <p>The offsets are read by a scheduled task on a thread of its own (every {@code crm.kafka.dlt-metrics.refresh-interval}),
 * never on a request or a scrape thread, with an admin client of its own and short timeouts. While Kafka does not
 * answer, each gauge keeps its last value (NaN until the first successful read: unknown, not zero), the failure is
 * logged once at WARN (then at DEBUG) and the service carries on. A dead-letter topic that does not exist yet holds
 * zero records.
 */
public class DeadLetterTopicGauges implements SmartLifecycle {

    public static final String METRIC = "crm.kafka.dlt.records";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopicGauges.class);
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaAdmin kafkaAdmin;
    private final List<String> topics;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Map<String, AtomicReference<Double>> depths = new LinkedHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile Admin admin;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    /**
     * @param kafkaAdmin Spring's admin, for the client configuration (bootstrap servers, security)
     * @param topics     the dead-letter topics this service writes to
     * @param interval   between two reads of the offsets
     */
    public DeadLetterTopicGauges(KafkaAdmin kafkaAdmin, List<String> topics, MeterRegistry meters, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("crm.kafka.dlt-metrics.refresh-interval must be positive: " + interval);
        }
        this.kafkaAdmin = kafkaAdmin;
        this.topics = List.copyOf(topics);
        this.meters = meters;
        this.interval = interval;
    }

    @Override
    public void start() {
        for (String topic : topics) {
            AtomicReference<Double> depth = new AtomicReference<>(Double.NaN);
            depths.put(topic, depth);
            Gauge.builder(METRIC, depth, AtomicReference::get)
                    .description("Records held in this service's dead-letter topic (latest minus earliest offset)")
                    .tag("topic", topic)
                    .register(meters);
        }
        if (topics.isEmpty()) {
            running = true;
            return;
        }
        Duration timeout = interval.compareTo(MAX_CALL_TIMEOUT) < 0 ? interval : MAX_CALL_TIMEOUT;
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dlt-metrics");
        admin = Admin.create(config);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("dlt-metrics").daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last depth read for a topic; NaN before the first successful read. */
    public double depth(String topic) {
        AtomicReference<Double> depth = depths.get(topic);
        if (depth == null) {
            throw new IllegalArgumentException("Not a dead-letter topic of this service: " + topic);
        }
        return depth.get();
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing.compareAndSet(true, false)) {
                log.info("Dead-letter topic depths readable again: {}", topics);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Keep the last values: a Kafka outage must neither fail the service nor zero the gauges.
            if (failing.compareAndSet(false, true)) {
                log.warn("Cannot read the depth of the dead-letter topics {} (keeping the last values, retrying every {}): {}",
                        topics, interval, e.toString());
            } else {
                log.debug("Dead-letter topic depths still unreadable: {}", e.toString());
            }
        }
    }

    /** Reads every topic's partitions, then their earliest and latest offsets, and updates the gauges. */
    void refresh() throws InterruptedException, ExecutionException, TimeoutException {
        long timeoutMs = interval.compareTo(MAX_CALL_TIMEOUT) < 0 ? interval.toMillis() : MAX_CALL_TIMEOUT.toMillis();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        Map<String, Long> counted = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                TopicDescription description = topic.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                counted.put(topic.getKey(), 0L);
                description.partitions().forEach(p -> {
                    TopicPartition partition = new TopicPartition(topic.getKey(), p.partition());
                    earliest.put(partition, OffsetSpec.earliest());
                    latest.put(partition, OffsetSpec.latest());
                });
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                counted.put(topic.getKey(), 0L); // not created yet: nothing was ever dead-lettered there
            }
        }
        if (!earliest.isEmpty()) {
            Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(earliest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> partition : end.entrySet()) {
                ListOffsetsResultInfo start = first.get(partition.getKey());
                long held = Math.max(0, partition.getValue().offset() - (start == null ? 0 : start.offset()));
                counted.merge(partition.getKey().topic(), held, Long::sum);
            }
        }
        // All or nothing: a partial answer never leaves one topic's gauge half-updated.
        counted.forEach((topic, held) -> depths.get(topic).set(held.doubleValue()));
    }

    /** Stops after the listeners (which write to these topics) and before the Kafka clients are destroyed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
