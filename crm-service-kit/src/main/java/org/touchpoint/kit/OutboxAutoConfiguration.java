package org.touchpoint.kit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.touchpoint.events.EventCodec;
import org.touchpoint.kit.observability.MongoHealthIndicator;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.outbox.OutboxProperties;
import org.touchpoint.kit.outbox.OutboxRelay;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.outbox.TraceparentSource;

/** The write path: the outbox store (state + events in one write) and the relay that publishes them. */
@AutoConfiguration(after = {DataMongoAutoConfiguration.class, KafkaKitAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    MongoHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new MongoHealthIndicator(mongo);
    }

    /** On the embedded server, versioned writes of every document type go through an (_id, version) index. */
    @Bean
    org.springframework.beans.factory.SmartInitializingSingleton crmIdVersionIndexes(EmbeddedMongo embedded) {
        return embedded::ensureForVersionedEntities;
    }

    @Bean
    TraceparentSource traceparentSource(ObjectProvider<Tracer> tracer) {
        return new TraceparentSource(tracer);
    }

    @Bean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, EventCodec codec,
                            OutboxProperties properties, Clock clock, MeterRegistry meters, ObjectProvider<KafkaAdmin> admin) {
        KafkaAdmin kafkaAdmin = admin.getIfAvailable();
        return new OutboxRelay(mongo, kafka, codec, properties, clock, meters, kafkaAdmin == null ? null : kafkaAdmin::initialize);
    }

    @Bean
    OutboxStore outboxStore(MongoTemplate mongo, OutboxRelay relay, EventCodec codec, TraceparentSource traceparent,
                            @Value("${spring.application.name}") String service, Clock clock, EmbeddedMongo embedded,
                            @Value("${crm.events.contract:enforce}") String contract) {
        return new OutboxStore(mongo, relay, codec, traceparent, service, clock, embedded, !"warn".equals(contract));
    }
}
