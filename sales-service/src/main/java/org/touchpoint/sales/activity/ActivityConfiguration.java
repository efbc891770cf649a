package org.touchpoint.sales.activity;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.kit.outbox.OutboxStore;

@Configuration
@EnableConfigurationProperties(TaskProperties.class)
class ActivityConfiguration {

    @Bean
    TaskReminders taskReminders(MongoTemplate mongo, OutboxStore store, Clock clock, TaskProperties properties, MeterRegistry meters) {
        return new TaskReminders(mongo, store, clock, properties, meters);
    }
}
