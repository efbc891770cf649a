package org.touchpoint.kit.consumer;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;

/** Reads the compacted crm.customer-profiles topic and hands snapshots and tombstones to every {@link ProfileHandler}. */
public class ProfileListener {

    private final EventCodec codec;
    private final List<ProfileHandler> handlers;

    public ProfileListener(EventCodec codec, List<ProfileHandler> handlers) {
        this.codec = codec;
        this.handlers = handlers;
    }

    @KafkaListener(id = "${spring.application.name}-profiles", topics = Topics.CUSTOMER_PROFILES)
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        codec.readProfile(record).ifPresent(profile -> handlers.forEach(h -> h.onProfile(profile)));
    }
}
