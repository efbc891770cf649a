package org.touchpoint.analytics.rebuild;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.AnalyticsProperties;
import org.touchpoint.analytics.fold.Generations;
import org.touchpoint.analytics.fold.ViewStore;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.MalformedEventException;
import org.touchpoint.events.Topics;
import org.touchpoint.kit.KafkaKitAutoConfiguration;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.web.CrmApiException;

/**
 * Rebuild by replay. Starting one opens a shadow generation in the pointer (from then on the live consumer also
 * feeds it), THEN captures the end offsets of both topics; a plain KafkaConsumer with a new group replays both
 * topics from the beginning into the shadow, up to those offsets; then the pointer swaps the shadow in, in one
 * write. Live processing never stops. Applying is idempotent per generation, so the records both the replay and
 * the live consumer apply count once. One rebuild at a time across replicas (the pointer holds it); a rebuild
 * whose heartbeat stopped for {@code crm.analytics.rebuild-stale-after} is taken as dead and may be superseded.
 */
@Service
public class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final List<String> TOPICS = List.of(Topics.TOUCHES, Topics.CUSTOMER_PROFILES);
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final Generations generations;
    private final ViewStore store;
    private final MongoTemplate mongo;
    private final EventCodec codec;
    private final KafkaProperties kafka;
    private final AnalyticsProperties properties;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "analytics-rebuild");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    Rebuilds(Generations generations, ViewStore store, MongoTemplate mongo, EventCodec codec, KafkaProperties kafka,
             AnalyticsProperties properties, Clock clock) {
        this.generations = generations;
        this.store = store;
        this.mongo = mongo;
        this.codec = codec;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a rebuild; 409 while another runs. */
    public RebuildResponse start(String requestedBy) {
        Generations.Pointer pointer = generations.current();
        String supersede = null;
        if (pointer.shadow() != null) {
            Rebuild running = mongo.findById(pointer.rebuildId(), Rebuild.class, Rebuild.COLLECTION);
            if (running != null && Rebuild.RUNNING.equals(running.status)
                    && running.heartbeatAt.plus(properties.rebuildStaleAfter()).isAfter(clock.instant())) {
                throw CrmApiException.conflict("rebuild " + running.id + " is running (generation " + running.generation + ")");
            }
            supersede = pointer.rebuildId();
            if (running != null && Rebuild.RUNNING.equals(running.status)) {
                fail(running, "abandoned: no heartbeat for " + properties.rebuildStaleAfter());
            }
        }
        String id = Ids.newId("reb", clock);
        Generations.Pointer opened = generations.beginShadow(id, supersede);
        if (opened == null) {
            throw CrmApiException.conflict("another rebuild started at the same moment");
        }
        int shadow = opened.shadow();
        // Keep only the active generation, the one before it (fallback) and the new shadow.
        for (int g : store.existingGenerations()) {
            if (g != opened.active() && g != shadow && (opened.previous() == null || g != opened.previous())) {
                store.drop(g);
            }
        }
        store.drop(shadow);
        store.prepare(shadow);
        Rebuild rebuild = new Rebuild(id, requestedBy, shadow, opened.active(), clock.instant());
        mongo.insert(rebuild, Rebuild.COLLECTION);
        runner.submit(() -> run(rebuild));
        return rebuild.view();
    }

    public RebuildResponse get(String id) {
        Rebuild r = mongo.findById(id, Rebuild.class, Rebuild.COLLECTION);
        if (r == null) {
            throw CrmApiException.notFound("rebuild", id);
        }
        return r.view();
    }

    private void run(Rebuild rebuild) {
        try {
            replay(rebuild);
            if (!generations.swap(rebuild.id, rebuild.generation, rebuild.previousGeneration)) {
                throw new IllegalStateException("the rebuild no longer holds its shadow generation (superseded)");
            }
            rebuild.status = Rebuild.COMPLETED;
            rebuild.completedAt = clock.instant();
            rebuild.etaSeconds = 0L;
            rebuild.heartbeatAt = rebuild.completedAt;
            mongo.save(rebuild, Rebuild.COLLECTION);
            log.info("rebuild {} completed: generation {} is active ({} records)", rebuild.id, rebuild.generation, rebuild.recordsApplied);
        } catch (Exception e) {
            log.error("rebuild {} failed", rebuild.id, e);
            fail(rebuild, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            generations.abandon(rebuild.id);
            store.drop(rebuild.generation);
        }
    }

    private void replay(Rebuild rebuild) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, rebuild.consumerGroup);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.rebuildMaxPollRecords());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, rebuild.consumerGroup);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            // The shadow is open (live processing feeds it) before these are read: nothing falls between the two.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition tp : partitions) {
                long e = end.getOrDefault(tp, 0L);
                long b = begin.getOrDefault(tp, 0L);
                rebuild.recordsTotal += Math.max(0, e - b);
                rebuild.endOffsets.add(tp.topic() + "/" + tp.partition() + "=" + e);
                if (e > b) {
                    remaining.add(tp);
                }
            }
            rebuild.endOffsets.sort(String::compareTo);
            mongo.save(rebuild, Rebuild.COLLECTION);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant lastProgress = clock.instant();
            while (!remaining.isEmpty()) {
                if (stopping) {
                    throw new IllegalStateException("the service is stopping");
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(properties.rebuildPollTimeout());
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.getOrDefault(tp, 0L)) {
                        apply(rebuild, record);
                    }
                }
                remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                Instant now = clock.instant();
                if (Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) >= 0 || remaining.isEmpty()) {
                    long done = 0;
                    for (TopicPartition tp : partitions) {
                        long b = begin.getOrDefault(tp, 0L);
                        long e = end.getOrDefault(tp, 0L);
                        done += remaining.contains(tp) ? Math.max(0, Math.min(consumer.position(tp), e) - b) : Math.max(0, e - b);
                    }
                    rebuild.offsetsDone = done;
                    progress(rebuild, now);
                    lastProgress = now;
                }
            }
        }
    }

    private void apply(Rebuild rebuild, ConsumerRecord<String, byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (Topics.TOUCHES.equals(record.topic())) {
                    var touch = codec.readTouch(record);
                    if (touch.isPresent()) {
                        store.applyTouch(rebuild.generation, touch.get());
                        rebuild.touches++;
                    } else {
                        rebuild.skipped++;
                    }
                } else {
                    var profile = codec.readProfile(record);
                    if (profile.isPresent()) {
                        store.applyProfile(rebuild.generation, profile.get());
                        rebuild.profiles++;
                    } else {
                        rebuild.skipped++;
                    }
                }
                rebuild.recordsApplied++;
                return;
            } catch (MalformedEventException | IllegalArgumentException poison) {
                // The live consumer dead-lettered it; the replay skips it the same way.
                rebuild.skipped++;
                rebuild.recordsApplied++;
                return;
            } catch (RuntimeException e) {
                if (!KafkaKitAutoConfiguration.isTransient(e) || attempt >= 10) {
                    throw e;
                }
                try {
                    // Backoff while MongoDB is briefly unavailable, on the rebuild's own thread ("analytics-rebuild"):
                    // the replay must apply this record before the next, so it waits rather than skip it.
                    Thread.sleep(Math.min(5000, 100L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void progress(Rebuild rebuild, Instant now) {
        double seconds = Math.max(0.001, Duration.between(rebuild.startedAt, now).toMillis() / 1000.0);
        double rate = rebuild.offsetsDone / seconds;
        rebuild.ratePerSecond = Math.round(rebuild.recordsApplied / seconds * 10) / 10.0;
        long left = Math.max(0, rebuild.recordsTotal - rebuild.offsetsDone);
        rebuild.etaSeconds = rate <= 0 ? null : (long) Math.ceil(left / rate);
        rebuild.heartbeatAt = now;
        mongo.save(rebuild, Rebuild.COLLECTION);
    }

    private void fail(Rebuild rebuild, String error) {
        rebuild.status = Rebuild.FAILED;
        rebuild.error = error;
        rebuild.completedAt = clock.instant();
        mongo.save(rebuild, Rebuild.COLLECTION);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        runner.shutdown();
        try {
            runner.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
