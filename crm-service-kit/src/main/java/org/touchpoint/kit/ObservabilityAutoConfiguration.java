package org.touchpoint.kit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;

/** Every metric of a service carries {@code service=<spring.application.name>}; Kafka's topic tags have one spelling. */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> crmServiceTag(@Value("${spring.application.name:unknown}") String service) {
        return registry -> registry.config().commonTags("service", service);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> crmKafkaTopicTag() {
        return registry -> registry.config().meterFilter(new org.touchpoint.kit.observability.KafkaTopicTag());
    }
}
