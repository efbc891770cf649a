package org.touchpoint.kit.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Spring Kafka's {@link DeadLetterPublishingRecoverer} that also counts, in {@code crm.kafka.dlt.published} tagged
 * {@code topic} (the dead-letter topic), every record this service has dead-lettered. Counted once Kafka has
 * acknowledged the dead letter (the recoverer waits for the send and throws when it fails, so a failed send is not
 * counted and the record is retried).
 */
public class CountingDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

    public static final String METRIC = "crm.kafka.dlt.published";

    private final BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public CountingDeadLetterRecoverer(KafkaOperations<?, ?> template,
                                       BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination,
                                       MeterRegistry meters) {
        super(template, destination);
        this.destination = destination;
        this.meters = meters;
    }

    /** Registers the counter of a dead-letter topic at zero, so it is scraped before the first dead letter. */
    public CountingDeadLetterRecoverer registerTopic(String topic) {
        counter(topic);
        return this;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        super.accept(record, consumer, exception);
        TopicPartition target = destination.apply(record, exception);
        if (target != null) {
            counter(target.topic()).increment();
        }
    }

    private Counter counter(String topic) {
        return counters.computeIfAbsent(topic, t -> Counter.builder(METRIC)
                .description("Records this service could not apply and published to its dead-letter topic")
                .tag("topic", t)
                .register(meters));
    }
}
