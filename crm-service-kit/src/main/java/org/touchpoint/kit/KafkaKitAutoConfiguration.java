package org.touchpoint.kit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.MalformedEventException;
import org.touchpoint.events.Topics;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.Freshness;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.ProfileListener;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.consumer.TouchListener;
import org.touchpoint.kit.observability.CountingDeadLetterRecoverer;
import org.touchpoint.kit.observability.DeadLetterTopicGauges;
import org.touchpoint.kit.observability.KafkaHealthIndicator;

/**
 * The read path: topics declared, listeners for the service's {@link TouchHandler}s and
 * {@link ProfileHandler}s, retries with exponential backoff then the service's own dead-letter topic
 * ({@code crm.touches.<service>.dlt}), the freshness timer, and Kafka readiness.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaKitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic crmTouchesTopic(KafkaTopicsProperties p) {
        return TopicBuilder.name(Topics.TOUCHES).partitions(p.partitions()).replicas(p.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1").build();
    }

    @Bean
    NewTopic crmProfilesTopic(KafkaTopicsProperties p) {
        return TopicBuilder.name(Topics.CUSTOMER_PROFILES).partitions(p.partitions()).replicas(p.replicationFactor())
                .compact().build();
    }

    @Bean
    NewTopic crmTouchesDeadLetterTopic(KafkaTopicsProperties p, @Value("${spring.application.name}") String service) {
        return TopicBuilder.name(Topics.deadLetter(Topics.TOUCHES, service)).partitions(1).replicas(p.replicationFactor()).build();
    }

    @Bean
    NewTopic crmProfilesDeadLetterTopic(KafkaTopicsProperties p, @Value("${spring.application.name}") String service) {
        return TopicBuilder.name(Topics.deadLetter(Topics.CUSTOMER_PROFILES, service)).partitions(1).replicas(p.replicationFactor()).build();
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler crmErrorHandler(KafkaTemplate<String, byte[]> template, KafkaTopicsProperties p,
                                        @Value("${spring.application.name}") String service, MeterRegistry meters,
                                        ListableBeanFactory beans) {
        CountingDeadLetterRecoverer recoverer = new CountingDeadLetterRecoverer(template,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic(), service), -1), meters);
        deadLetterTopics(beans, service).forEach(recoverer::registerTopic);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(p.maxRetries());
        backOff.setInitialInterval(p.retryInitial().toMillis());
        backOff.setMultiplier(p.retryMultiplier());
        backOff.setMaxInterval(p.retryMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        // A MongoDB failover or a network blip is not the record's fault: retry it (in order, holding its
        // partition) until the store answers, rather than dead-lettering live touches.
        ExponentialBackOff untilTheStoreAnswers = new ExponentialBackOff(p.retryInitial().toMillis(), p.retryMultiplier());
        untilTheStoreAnswers.setMaxInterval(Math.max(p.retryMax().toMillis(), 30_000));
        handler.setBackOffFunction((record, failure) -> isTransient(failure) ? untilTheStoreAnswers : null);
        return handler;
    }

    /** Failures of infrastructure (MongoDB unreachable, timeouts) rather than of the record itself. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    || t instanceof com.mongodb.MongoSocketException
                    || t instanceof com.mongodb.MongoTimeoutException
                    || t instanceof com.mongodb.MongoNotPrimaryException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    Freshness crmFreshness(MeterRegistry meters, Clock clock) {
        return new Freshness(meters, clock);
    }

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    AppliedEvents appliedEvents(MongoTemplate mongo, KafkaTopicsProperties p) {
        return new AppliedEvents(mongo, p.appliedWindow());
    }

    @Bean
    @ConditionalOnBean(TouchHandler.class)
    TouchListener crmTouchListener(EventCodec codec, List<TouchHandler> handlers, Freshness freshness, MeterRegistry meters) {
        return new TouchListener(codec, handlers, freshness, meters);
    }

    @Bean
    @ConditionalOnBean(ProfileHandler.class)
    ProfileListener crmProfileListener(EventCodec codec, List<ProfileHandler> handlers) {
        return new ProfileListener(codec, handlers);
    }

    /** {@code crm.kafka.dlt.records}: the depth of the dead-letter topics of this service's listeners. */
    @Bean
    DeadLetterTopicGauges crmDeadLetterTopicGauges(KafkaAdmin admin, MeterRegistry meters, ListableBeanFactory beans,
                                                   @Value("${spring.application.name}") String service,
                                                   @Value("${crm.kafka.dlt-metrics.refresh-interval:30s}") Duration interval) {
        return new DeadLetterTopicGauges(admin, deadLetterTopics(beans, service), meters, interval);
    }

    /** The dead-letter topics this service writes to: one per topic it has handlers for (none if it only produces). */
    static List<String> deadLetterTopics(ListableBeanFactory beans, String service) {
        List<String> topics = new java.util.ArrayList<>();
        if (beans.getBeanNamesForType(TouchHandler.class, true, false).length > 0) {
            topics.add(Topics.deadLetter(Topics.TOUCHES, service));
        }
        if (beans.getBeanNamesForType(ProfileHandler.class, true, false).length > 0) {
            topics.add(Topics.deadLetter(Topics.CUSTOMER_PROFILES, service));
        }
        return topics;
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }
}
