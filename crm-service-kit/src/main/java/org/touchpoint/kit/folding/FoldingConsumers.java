package org.touchpoint.kit.folding;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.KafkaKitAutoConfiguration.DeadLetters;
import org.touchpoint.kit.consumer.Freshness;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;

/**
 * Folding consumers started by the service itself rather than declared as beans: same batches, engine, dead letters and
 * guarantees as the service's {@link FoldingListener}, for a set of folds and a consumer group chosen at run time.
 * Analytics runs one per generation of its views: a new group reads both topics from the beginning into a new
 * generation (a rebuild) and then simply goes on as the live consumer of that generation.
 */
public class FoldingConsumers {

    private final ConcurrentKafkaListenerContainerFactory<Object, Object> factory;
    private final EventCodec codec;
    private final FoldEngine engine;
    private final Freshness freshness;
    private final DeadLetters deadLetters;
    private final KafkaTopicsProperties properties;
    private final MeterRegistry meters;

    public FoldingConsumers(ConcurrentKafkaListenerContainerFactory<Object, Object> factory, EventCodec codec, FoldEngine engine,
                            Freshness freshness, DeadLetters deadLetters, KafkaTopicsProperties properties, MeterRegistry meters) {
        this.factory = factory;
        this.codec = codec;
        this.engine = engine;
        this.freshness = freshness;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.meters = meters;
    }

    /** A running folding consumer. */
    public interface Handle {
        String groupId();

        boolean isRunning();

        /** Stops the consumer: the batch in progress finishes and is committed. */
        void stop();
    }

    /**
     * Starts a consumer of {@code groupId} over both topics (a new group starts from the beginning of the log).
     *
     * @param live         whether its freshness counts (false while it replays history)
     * @param firstApplied called for every touch applied for the first time while live
     */
    public Handle start(String groupId, List<Fold<?>> folds, java.util.function.BooleanSupplier live,
                        Consumer<CrmEvent<Touch>> firstApplied) {
        FoldingListener replaying = listener(folds, false, firstApplied);
        FoldingListener following = listener(folds, true, firstApplied);
        ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(Topics.TOUCHES, Topics.CUSTOMER_PROFILES);
        container.getContainerProperties().setGroupId(groupId);
        container.getContainerProperties().setClientId(groupId);
        container.setBeanName(groupId);
        container.setupMessageListener((BatchConsumerAwareMessageListener<String, byte[]>) (records, consumer) ->
                (live.getAsBoolean() ? following : replaying).onBatch(records, consumer));
        container.start();
        return new Handle() {
            @Override
            public String groupId() {
                return groupId;
            }

            @Override
            public boolean isRunning() {
                return container.isRunning();
            }

            @Override
            public void stop() {
                container.stop();
            }
        };
    }

    private FoldingListener listener(List<Fold<?>> folds, boolean live, Consumer<CrmEvent<Touch>> firstApplied) {
        return new FoldingListener(codec, engine, folds, List.of(), List.of(), freshness, deadLetters.recoverer(),
                properties.maxRetries() + 1, properties.retryInitial(), meters, live, firstApplied);
    }
}
