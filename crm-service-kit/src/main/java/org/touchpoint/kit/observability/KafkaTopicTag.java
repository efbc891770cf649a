package org.touchpoint.kit.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * One spelling of a topic in metric tags. Kafka's clients tag their per-topic metrics with the topic name where
 * {@code .} became {@code _} ({@code crm_touches}) and their per-partition metrics (the consumer lag among them) with the
 * real name ({@code crm.touches}), so a {@code sum by (topic)} over both counts one topic twice under two names. This
 * filter gives every {@code kafka.*} meter the real name: ours never contain {@code _} ({@code crm.touches},
 * {@code crm.customer-profiles}, {@code crm.touches.<service>.dlt}).
 */
public final class KafkaTopicTag implements MeterFilter {

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("kafka.")) {
            return id;
        }
        String topic = id.getTag("topic");
        if (topic == null || !topic.startsWith("crm_") || topic.contains(".")) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
            tags.add(t.getKey().equals("topic") ? Tag.of("topic", topic.replace('_', '.')) : t);
        }
        return id.replaceTags(tags);
    }
}
