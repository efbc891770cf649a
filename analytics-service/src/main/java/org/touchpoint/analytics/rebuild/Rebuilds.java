package org.touchpoint.analytics.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.AnalyticsProperties;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.analytics.generation.GenerationConsumers;
import org.touchpoint.analytics.generation.Generations;
import org.touchpoint.events.Topics;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.web.CrmApiException;

/**
 * Rebuild by replay. Starting one opens a shadow generation in the pointer, THEN records the end offsets of both topics;
 * every replica then runs a consumer of the shadow's own group, which reads both topics from the beginning into the
 * shadow through the same folds as live processing (exactly once per view, aggregates included) and then keeps
 * following the log. Once that group has passed the recorded end offsets, the pointer swaps the shadow in, in one write:
 * its consumer simply goes on as the live one, and the old generation's consumer stops. Live processing never stops and
 * nothing is handed over between consumers. One rebuild at a time across replicas (the pointer holds it); a rebuild
 * whose replay made no progress for {@code crm.analytics.rebuild-stale-after} is taken as stalled and may be superseded.
 */
@Service
public class Rebuilds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final List<String> TOPICS = List.of(Topics.TOUCHES, Topics.CUSTOMER_PROFILES);
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final Generations generations;
    private final GenerationConsumers consumers;
    private final MongoTemplate mongo;
    private final KafkaAdmin admin;
    private final AnalyticsProperties properties;
    private final Clock clock;
    private ScheduledExecutorService watcher;
    private volatile boolean running;

    Rebuilds(Generations generations, GenerationConsumers consumers, MongoTemplate mongo, KafkaAdmin admin,
             AnalyticsProperties properties, Clock clock) {
        this.generations = generations;
        this.consumers = consumers;
        this.mongo = mongo;
        this.admin = admin;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a rebuild; 409 while another runs. */
    public RebuildResponse start(String requestedBy) {
        Generations.Pointer pointer = generations.refresh();
        String supersede = null;
        if (pointer.shadow() != null) {
            Rebuild other = mongo.findById(pointer.rebuildId(), Rebuild.class, Rebuild.COLLECTION);
            if (other != null && Rebuild.RUNNING.equals(other.status) && !stalled(other, clock.instant())) {
                throw CrmApiException.conflict("rebuild " + other.id + " is running (generation " + other.generation + ")");
            }
            supersede = pointer.rebuildId();
            if (other != null && Rebuild.RUNNING.equals(other.status)) {
                fail(other, "stalled: no progress for " + properties.rebuildStaleAfter());
            }
        }
        String id = Ids.newId("reb", clock);
        Generations.Pointer opened = generations.beginShadow(id, supersede);
        if (opened == null) {
            throw CrmApiException.conflict("another rebuild started at the same moment");
        }
        Rebuild rebuild = new Rebuild(id, requestedBy, opened.shadow(), opened.active(), clock.instant());
        try {
            // The shadow is open before the end offsets are read: its consumer reads everything up to them and beyond.
            Map<TopicPartition, Long> end = offsets(OffsetSpec.latest());
            Map<TopicPartition, Long> begin = offsets(OffsetSpec.earliest());
            for (TopicPartition tp : end.keySet()) {
                long e = end.get(tp);
                long b = begin.getOrDefault(tp, 0L);
                rebuild.recordsTotal += Math.max(0, e - b);
                rebuild.endOffsets.add(key(tp) + "=" + e);
                rebuild.beginOffsets.add(key(tp) + "=" + b);
            }
            rebuild.endOffsets.sort(String::compareTo);
            rebuild.beginOffsets.sort(String::compareTo);
        } catch (RuntimeException e) {
            generations.abandon(id);
            throw e;
        }
        mongo.insert(rebuild, Rebuild.COLLECTION);
        consumers.refreshNow();
        log.info("rebuild {} started: generation {} is folded by group {} from the beginning of the log ({} offsets)", id,
                rebuild.generation, rebuild.consumerGroup, rebuild.recordsTotal);
        return rebuild.view();
    }

    public RebuildResponse get(String id) {
        Rebuild r = mongo.findById(id, Rebuild.class, Rebuild.COLLECTION);
        if (r == null) {
            throw CrmApiException.notFound("rebuild", id);
        }
        return r.view();
    }

    private boolean stalled(Rebuild r, Instant now) {
        Instant last = r.progressAt == null ? r.heartbeatAt : r.progressAt;
        return last != null && last.plus(properties.rebuildStaleAfter()).isBefore(now);
    }

    /** Every replica watches the running rebuild: its progress, and the swap once its group passed the end offsets. */
    void watch() {
        Generations.Pointer pointer = generations.refresh();
        if (pointer.shadow() == null) {
            return;
        }
        Rebuild rebuild = mongo.findById(pointer.rebuildId(), Rebuild.class, Rebuild.COLLECTION);
        if (rebuild == null || !Rebuild.RUNNING.equals(rebuild.status) || rebuild.generation != pointer.shadow()) {
            return;
        }
        Map<String, Long> end = parse(rebuild.endOffsets);
        Map<String, Long> begin = parse(rebuild.beginOffsets);
        Map<String, Long> committed = committed(rebuild.consumerGroup);
        long done = 0;
        long touches = 0;
        boolean complete = true;
        for (Map.Entry<String, Long> e : end.entrySet()) {
            long b = begin.getOrDefault(e.getKey(), 0L);
            long at = Math.max(committed.getOrDefault(e.getKey(), b), b);
            long passed = Math.min(at, e.getValue()) - b;
            done += Math.max(0, passed);
            if (e.getKey().startsWith(Topics.TOUCHES + "/")) {
                touches += Math.max(0, passed);
            }
            complete &= at >= e.getValue();
        }
        Instant now = clock.instant();
        double seconds = Math.max(0.001, Duration.between(rebuild.startedAt, now).toMillis() / 1000.0);
        long left = Math.max(0, rebuild.recordsTotal - done);
        Update progress = new Update().set("offsetsDone", done).set("recordsApplied", done).set("touches", touches)
                .set("profiles", done - touches).set("heartbeatAt", now)
                .set("ratePerSecond", Math.round(done / seconds * 10) / 10.0)
                .set("etaSeconds", done == 0 ? null : (long) Math.ceil(left / (done / seconds)));
        if (done > rebuild.offsetsDone || rebuild.progressAt == null) {
            progress.set("progressAt", now);
        }
        if (complete) {
            if (!generations.swap(rebuild.id, rebuild.generation, rebuild.previousGeneration)) {
                return; // another replica swapped it a moment ago, or it was superseded
            }
            progress.set("status", Rebuild.COMPLETED).set("completedAt", now).set("etaSeconds", 0L);
            log.info("rebuild {} completed: generation {} is active", rebuild.id, rebuild.generation);
            consumers.refreshNow();
        }
        // Only while it is still running: a rebuild superseded meanwhile (failed) keeps its status.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(rebuild.id).and("status").is(Rebuild.RUNNING)), progress, Rebuild.COLLECTION);
    }

    private void fail(Rebuild rebuild, String error) {
        rebuild.status = Rebuild.FAILED;
        rebuild.error = error;
        rebuild.completedAt = clock.instant();
        mongo.save(rebuild, Rebuild.COLLECTION);
        generations.abandon(rebuild.id);
        for (String c : ViewCollections.all(rebuild.generation)) {
            if (mongo.collectionExists(c)) {
                mongo.dropCollection(c);
            }
        }
    }

    private Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            for (var d : client.describeTopics(TOPICS).allTopicNames().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                d.partitions().forEach(p -> wanted.put(new TopicPartition(d.name(), p.partition()), spec));
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            client.listOffsets(wanted).all().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets", e);
        } catch (Exception e) {
            throw new CrmApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                    org.touchpoint.kit.web.Problems.SERVICE_UNAVAILABLE, "Kafka unavailable", "cannot read the topics' offsets: " + e.getMessage(), null);
        }
    }

    private Map<String, Long> committed(String group) {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    out.put(key(tp), o.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            log.debug("offsets of {} unavailable: {}", group, e.toString());
            return Map.of();
        }
    }

    private static String key(TopicPartition tp) {
        return tp.topic() + "/" + tp.partition();
    }

    private static Map<String, Long> parse(List<String> offsets) {
        Map<String, Long> out = new HashMap<>();
        for (String s : offsets == null ? new ArrayList<String>() : offsets) {
            int eq = s.lastIndexOf('=');
            out.put(s.substring(0, eq), Long.parseLong(s.substring(eq + 1)));
        }
        return out;
    }

    @Override
    public void start() {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("analytics-rebuilds").daemon().unstarted(r));
        running = true;
        watcher.scheduleWithFixedDelay(() -> {
            try {
                watch();
            } catch (RuntimeException e) {
                log.warn("rebuild watch failed: {}", e.toString());
            }
        }, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
