package org.touchpoint.kit.folding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.MalformedEventException;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.kit.KafkaKitAutoConfiguration;
import org.touchpoint.kit.consumer.Freshness;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * The one consumer of a service: reads {@code crm.touches} and {@code crm.customer-profiles} in batches
 * (consumer group {@code <service>-folding}; partition n of both topics goes to the same consumer, so each customer's
 * records are handled in order by one thread), then:
 * <ol>
 *   <li>decodes every record; an unreadable one, or a touch whose source is not the service that owns its kind
 *   (a forged event), goes to the service's dead-letter topic at once;</li>
 *   <li>folds the batch into every {@link Fold} through the {@link FoldEngine} (events a fold cannot apply, or whose
 *   view keeps changing under it, go to the dead-letter topic);</li>
 *   <li>hands each event, in order, to the {@link TouchHandler}s and {@link ProfileHandler}s: reactions that run a
 *   command (create a contact from a converted lead), each idempotent by its own checks; a reaction that keeps
 *   failing is retried a few times, then its record is dead-lettered;</li>
 *   <li>records the freshness of every touch handled for the first time (applied by a fold, or of no interest to any),
 *   never of a redelivery.</li>
 * </ol>
 * A failure of the infrastructure (MongoDB unreachable) fails the batch from its first record: the container's
 * error handler waits and redelivers it, for as long as it takes, and every step above is idempotent.
 */
public class FoldingListener {

    private static final Logger log = LoggerFactory.getLogger(FoldingListener.class);

    private final EventCodec codec;
    private final FoldEngine engine;
    private final List<Fold<?>> folds;
    private final List<TouchHandler> touchHandlers;
    private final List<ProfileHandler> profileHandlers;
    private final Freshness freshness;
    private final ConsumerAwareRecordRecoverer deadLetters;
    private final int reactionAttempts;
    private final Duration reactionBackoff;
    private final Counter ignored;
    private final Counter forged;
    private final DistributionSummary batchSize;
    private final boolean live;
    /** Per partition, the highest offset this consumer has handled: a record at or below it is a redelivery. */
    private final java.util.Map<TopicPartition, Long> handled = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.Consumer<CrmEvent<Touch>> firstApplied;

    public FoldingListener(EventCodec codec, FoldEngine engine, List<Fold<?>> folds, List<TouchHandler> touchHandlers,
                           List<ProfileHandler> profileHandlers, Freshness freshness, ConsumerAwareRecordRecoverer deadLetters,
                           int reactionAttempts, Duration reactionBackoff, MeterRegistry meters) {
        this(codec, engine, folds, touchHandlers, profileHandlers, freshness, deadLetters, reactionAttempts, reactionBackoff,
                meters, true, t -> { });
    }

    /**
     * @param live         false for a consumer replaying history (a rebuild): no freshness is recorded, since the lag of
     *                     an old touch says nothing about how fresh the views are
     * @param firstApplied called for every touch a fold applied for the first time (after the freshness timer)
     */
    public FoldingListener(EventCodec codec, FoldEngine engine, List<Fold<?>> folds, List<TouchHandler> touchHandlers,
                           List<ProfileHandler> profileHandlers, Freshness freshness, ConsumerAwareRecordRecoverer deadLetters,
                           int reactionAttempts, Duration reactionBackoff, MeterRegistry meters, boolean live,
                           java.util.function.Consumer<CrmEvent<Touch>> firstApplied) {
        this.live = live;
        this.firstApplied = firstApplied;
        this.codec = codec;
        this.engine = engine;
        this.folds = folds;
        this.touchHandlers = touchHandlers;
        this.profileHandlers = profileHandlers;
        this.freshness = freshness;
        this.deadLetters = deadLetters;
        this.reactionAttempts = Math.max(1, reactionAttempts);
        this.reactionBackoff = reactionBackoff;
        this.ignored = Counter.builder("crm.events.ignored").tag("topic", Topics.TOUCHES)
                .description("Records of a type this service does not know").register(meters);
        this.forged = Counter.builder("crm.events.forged")
                .description("Touches whose source is not the service that owns their kind (dead-lettered)").register(meters);
        this.batchSize = DistributionSummary.builder("crm.fold.batch.records")
                .description("Records per batch the folding consumer handled").register(meters);
    }

    @KafkaListener(id = "${spring.application.name}-folding", topics = {Topics.TOUCHES, Topics.CUSTOMER_PROFILES},
            containerFactory = "crmFoldingContainerFactory")
    public void onBatch(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        batchSize.record(records.size());
        List<FoldEvent> events = new ArrayList<>(records.size());
        BatchEnds ends = new BatchEnds();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            ends.put(record.topic(), record.partition(), record.offset());
            partitions.add(record.partition());
            decode(i, record, consumer).ifPresent(events::add);
        }
        completeEnds(ends, partitions, consumer);
        if (events.isEmpty()) {
            return;
        }
        try {
            boolean[] applied = new boolean[records.size()];
            boolean[] duplicate = new boolean[records.size()];
            boolean[] dead = new boolean[records.size()];
            for (Fold<?> fold : folds) {
                FoldEngine.Report report = engine.fold(fold, events, ends);
                for (FoldEvent e : events) {
                    FoldEngine.Status status = report.status(e.index());
                    if (status == FoldEngine.Status.APPLIED) {
                        applied[e.index()] = true;
                    } else if (status == FoldEngine.Status.DUPLICATE) {
                        duplicate[e.index()] = true;
                    } else if ((status == FoldEngine.Status.FAILED || status == FoldEngine.Status.CONFLICT) && !dead[e.index()]) {
                        dead[e.index()] = true;
                        RuntimeException cause = status == FoldEngine.Status.FAILED ? report.failure(e.index())
                                : new IllegalStateException("fold " + fold.name() + ": the view kept changing under every attempt");
                        deadLetters.accept(records.get(e.index()), consumer, cause);
                    }
                }
            }
            for (FoldEvent e : events) {
                if (!dead[e.index()]) {
                    react(e, records.get(e.index()), consumer);
                }
                if (e.isTouch() && live && firstTime(e) && (applied[e.index()] || !duplicate[e.index()])) {
                    // Handled for the first time: applied by a fold, or of no interest to any (this service is as
                    // current as it gets for it). A redelivery is not measured again.
                    freshness.record(e.touch().source(), e.touch().data().occurredAt());
                    if (applied[e.index()]) {
                        firstApplied.accept(e.touch());
                    }
                }
            }
        } catch (RuntimeException failure) {
            if (KafkaKitAutoConfiguration.isTransient(failure) || failure instanceof FoldEngine.ConcurrentFoldException) {
                // From the first record again, after the error handler's backoff: everything above is idempotent.
                throw new BatchListenerFailedException("the store is not answering: the batch is retried", failure, records.getFirst());
            }
            throw failure;
        }
    }

    private boolean firstTime(FoldEvent e) {
        TopicPartition tp = new TopicPartition(e.topic(), e.partition());
        Long before = handled.get(tp);
        if (before != null && e.offset() <= before) {
            return false;
        }
        handled.merge(tp, e.offset(), Math::max);
        return true;
    }

    private Optional<FoldEvent> decode(int index, ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        try {
            if (Topics.TOUCHES.equals(record.topic())) {
                Optional<CrmEvent<Touch>> touch = codec.readTouch(record);
                if (touch.isEmpty()) {
                    ignored.increment();
                    return Optional.empty();
                }
                CrmEvent<Touch> t = touch.get();
                String kind = t.data().kind();
                if (TouchContract.kind(kind).isPresent() && !TouchContract.mayPublish(t.source(), kind)) {
                    forged.increment();
                    throw new ForgedEventException("touch " + t.id() + " of kind " + kind + " comes from " + t.source()
                            + ", but only " + EventTypes.source(TouchContract.owner(kind).orElseThrow()) + " publishes it");
                }
                return Optional.of(FoldEvent.touch(index, record.topic(), record.partition(), record.offset(), t));
            }
            Optional<ProfileRecord> profile = codec.readProfile(record);
            if (profile.isEmpty()) {
                return Optional.empty();
            }
            CrmEvent<CustomerProfile> p = profile.get().event();
            if (p != null && !EventTypes.source(TouchContract.CUSTOMER_SERVICE).equals(p.source())) {
                forged.increment();
                throw new ForgedEventException("profile " + p.id() + " comes from " + p.source() + ", but only customer-service publishes profiles");
            }
            return Optional.of(FoldEvent.profile(index, record.topic(), record.partition(), record.offset(),
                    profile.get().customerId(), p));
        } catch (MalformedEventException | IllegalArgumentException | ForgedEventException poison) {
            log.warn("Dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), poison.getMessage());
            deadLetters.accept(record, consumer, poison);
            return Optional.empty();
        }
    }

    /** For each partition in the batch, the position of the co-partitioned topic too (nothing of it in this batch). */
    private static void completeEnds(BatchEnds ends, Set<Integer> partitions, Consumer<?, ?> consumer) {
        if (consumer == null) {
            return;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        for (int partition : partitions) {
            for (String topic : List.of(Topics.TOUCHES, Topics.CUSTOMER_PROFILES)) {
                TopicPartition tp = new TopicPartition(topic, partition);
                var known = ends.of(partition);
                if (known != null && known.containsKey(BatchEnds.alias(topic))) {
                    continue;
                }
                if (assigned.contains(tp)) {
                    ends.put(topic, partition, consumer.position(tp) - 1);
                } else {
                    log.warn("Partition {} of {} is not assigned with partition {} of the other topic: give both topics the same "
                            + "number of partitions (crm.kafka.partitions)", partition, topic, partition);
                }
            }
        }
    }

    private void react(FoldEvent e, ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        if (e.isTouch() ? touchHandlers.isEmpty() : profileHandlers.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (e.isTouch()) {
                    for (TouchHandler h : touchHandlers) {
                        h.onTouch(e.touch());
                    }
                } else {
                    ProfileRecord profile = new ProfileRecord(e.customerId(), e.profile());
                    for (ProfileHandler h : profileHandlers) {
                        h.onProfile(profile);
                    }
                }
                return;
            } catch (RuntimeException failure) {
                if (KafkaKitAutoConfiguration.isTransient(failure)) {
                    throw new BatchListenerFailedException("the store is not answering", failure, record);
                }
                if (attempt >= reactionAttempts || failure instanceof MalformedEventException) {
                    log.warn("Dead-lettering {} after {} attempt(s): {}", e.eventId(), attempt, failure.toString());
                    deadLetters.accept(record, consumer, failure);
                    return;
                }
                try {
                    // A few bounded retries on the consumer's thread (the same pause the container would make).
                    Thread.sleep(reactionBackoff.toMillis() << (attempt - 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new BatchListenerFailedException("interrupted", failure, record);
                }
            }
        }
    }

    /** A touch whose source is not the service that owns its kind. */
    public static class ForgedEventException extends RuntimeException {
        public ForgedEventException(String message) {
            super(message);
        }
    }
}
