package org.touchpoint.kit.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;

/** Reads crm.touches, ignores types it does not know, hands v1 touches to every {@link TouchHandler}. */
public class TouchListener {

    private final EventCodec codec;
    private final List<TouchHandler> handlers;
    private final Freshness freshness;
    private final Counter ignored;

    public TouchListener(EventCodec codec, List<TouchHandler> handlers, Freshness freshness, MeterRegistry meters) {
        this.codec = codec;
        this.handlers = handlers;
        this.freshness = freshness;
        this.ignored = Counter.builder("crm.events.ignored").tag("topic", Topics.TOUCHES)
                .description("Records of a type this service does not know").register(meters);
    }

    @KafkaListener(id = "${spring.application.name}-touches", topics = Topics.TOUCHES,
            concurrency = "${crm.kafka.listener-concurrency:1}")
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Optional<CrmEvent<Touch>> event = codec.readTouch(record);
        if (event.isEmpty()) {
            ignored.increment();
            return;
        }
        for (TouchHandler handler : handlers) {
            handler.onTouch(event.get());
        }
        freshness.record(event.get().source(), event.get().data().occurredAt());
    }
}
