package org.touchpoint.kit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The consumer lag of crm.touches under one topic name, whatever spelling Kafka's client used for the metric. */
class KafkaTopicTagTest {

    @Test
    void kafkaMetricsTaggedWithTheUnderscoreSpellingGetTheTopicsRealName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new KafkaTopicTag());
        Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", () -> 3).tag("topic", "crm_touches").register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 2).tag("topic", "crm.touches").tag("partition", "0").register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.consumed.total", () -> 9).tag("topic", "crm_customer-profiles").register(registry);
        Gauge.builder("crm.other", () -> 1).tag("topic", "crm_touches").register(registry);

        assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").tag("topic", "crm.touches").gauge()).isNotNull();
        assertThat(registry.find("kafka.consumer.fetch.manager.records.lag").tag("topic", "crm.touches").gauge()).isNotNull();
        assertThat(registry.find("kafka.consumer.fetch.manager.records.consumed.total").tag("topic", "crm.customer-profiles").gauge()).isNotNull();
        assertThat(registry.getMeters()).noneMatch(m -> m.getId().getName().startsWith("kafka.") && "crm_touches".equals(m.getId().getTag("topic")));
        assertThat(registry.find("crm.other").tag("topic", "crm_touches").gauge()).as("only Kafka's own meters").isNotNull();
    }
}
