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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.touchpoint.kit.consumer.Freshness;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldingListener;
import org.touchpoint.kit.observability.CountingDeadLetterRecoverer;
import org.touchpoint.kit.observability.DeadLetterTopicGauges;
import org.touchpoint.kit.observability.KafkaHealthIndicator;

/**
 * The read path: topics declared, the folding consumer ({@link FoldingListener}) for the service's {@link Fold}s and
 * reactions ({@link TouchHandler}s, {@link ProfileHandler}s), the service's own dead-letter topics
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

    /** The service's dead-letter publisher: {@code crm.touches.<service>.dlt} and {@code crm.customer-profiles.<service>.dlt}. */
    public record DeadLetters(CountingDeadLetterRecoverer recoverer) {
    }

    @Bean
    DeadLetters crmDeadLetters(KafkaTemplate<String, byte[]> template, @Value("${spring.application.name}") String service,
                               MeterRegistry meters, ListableBeanFactory beans) {
        CountingDeadLetterRecoverer recoverer = new CountingDeadLetterRecoverer(template,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic(), service), -1), meters);
        deadLetterTopics(beans, service).forEach(recoverer::registerTopic);
        return new DeadLetters(recoverer);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler crmErrorHandler(DeadLetters deadLetters, KafkaTopicsProperties p) {
        CountingDeadLetterRecoverer recoverer = deadLetters.recoverer();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(p.maxRetries());
        backOff.setInitialInterval(p.retryInitial().toMillis());
        backOff.setMultiplier(p.retryMultiplier());
        backOff.setMaxInterval(p.retryMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        // A MongoDB failover or a network blip is not the record's fault: retry it (in order, holding its
        // partition) until the store answers, rather than dead-lettering live touches. A write that keeps losing an
        // optimistic race is not infrastructure: it gets the bounded backoff, then the dead-letter topic.
        ExponentialBackOff untilTheStoreAnswers = new ExponentialBackOff(p.retryInitial().toMillis(), p.retryMultiplier());
        untilTheStoreAnswers.setMaxInterval(Math.max(p.retryMax().toMillis(), 30_000));
        handler.setBackOffFunction((record, failure) -> isTransient(failure) && !isConcurrency(failure) ? untilTheStoreAnswers : null);
        return handler;
    }

    /** An optimistic-lock or similar race: worth retrying a few times, not for ever. */
    public static boolean isConcurrency(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.dao.ConcurrencyFailureException) {
                return true;
            }
        }
        return false;
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
    @ConditionalOnMissingBean
    EmbeddedMongo crmEmbeddedMongo(MongoTemplate mongo, @Value("${crm.mongo.id-version-index:auto}") String mode) {
        return new EmbeddedMongo(mongo, mode);
    }

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    FoldEngine crmFoldEngine(MongoTemplate mongo, EmbeddedMongo embedded, Clock clock, KafkaTopicsProperties p, MeterRegistry meters) {
        return new FoldEngine(mongo, embedded, clock, p.appliedWindow(), p.conflictRounds(), meters);
    }

    /**
     * The folding consumer's containers: batch listener, one commit per batch, partition n of both topics assigned
     * to the same consumer (range assignment over co-partitioned topics), as many consumers as partitions unless
     * {@code crm.kafka.listener-concurrency} says otherwise.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> crmFoldingContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            CommonErrorHandler errorHandler, KafkaTopicsProperties p) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.setCommonErrorHandler(errorHandler);
        factory.setConcurrency(p.listenerConcurrency() > 0 ? p.listenerConcurrency() : p.partitions());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        java.util.Properties overrides = new java.util.Properties();
        overrides.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(p.maxPollRecords()));
        factory.getContainerProperties().setKafkaConsumerProperties(overrides);
        return factory;
    }

    @Bean
    @ConditionalOnBean(FoldEngine.class)
    @Conditional(HasConsumers.class)
    FoldingListener crmFoldingListener(EventCodec codec, FoldEngine engine, ObjectProvider<Fold<?>> folds,
                                       ObjectProvider<TouchHandler> touchHandlers, ObjectProvider<ProfileHandler> profileHandlers,
                                       Freshness freshness, CommonErrorHandler errorHandler, KafkaTopicsProperties p,
                                       DeadLetters deadLetters, MeterRegistry meters) {
        return new FoldingListener(codec, engine, folds.orderedStream().toList(), touchHandlers.orderedStream().toList(),
                profileHandlers.orderedStream().toList(), freshness, deadLetters.recoverer(), p.maxRetries() + 1,
                p.retryInitial(), meters);
    }

    @Bean
    @ConditionalOnBean(FoldEngine.class)
    org.touchpoint.kit.folding.FoldingConsumers crmFoldingConsumers(
            @org.springframework.beans.factory.annotation.Qualifier("crmFoldingContainerFactory") ConcurrentKafkaListenerContainerFactory<Object, Object> factory,
            EventCodec codec, FoldEngine engine, Freshness freshness, DeadLetters deadLetters, KafkaTopicsProperties p,
            MeterRegistry meters) {
        return new org.touchpoint.kit.folding.FoldingConsumers(factory, codec, engine, freshness, deadLetters, p, meters);
    }

    /** True when the service has something to fold or react to. */
    static class HasConsumers implements org.springframework.context.annotation.ConfigurationCondition {
        @Override
        public ConfigurationPhase getConfigurationPhase() {
            return ConfigurationPhase.REGISTER_BEAN;
        }

        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                               org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            var beans = context.getBeanFactory();
            return beans != null && (beans.getBeanNamesForType(Fold.class, true, false).length > 0
                    || beans.getBeanNamesForType(TouchHandler.class, true, false).length > 0
                    || beans.getBeanNamesForType(ProfileHandler.class, true, false).length > 0);
        }
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
        boolean consumes = beans.getBeanNamesForType(Fold.class, true, false).length > 0
                || beans.getBeanNamesForType(TouchHandler.class, true, false).length > 0
                || beans.getBeanNamesForType(ProfileHandler.class, true, false).length > 0;
        return consumes ? List.of(Topics.deadLetter(Topics.TOUCHES, service), Topics.deadLetter(Topics.CUSTOMER_PROFILES, service))
                : List.of();
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }
}
