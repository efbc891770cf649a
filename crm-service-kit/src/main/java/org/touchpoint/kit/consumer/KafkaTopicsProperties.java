package org.touchpoint.kit.consumer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.kafka.*}: topic declaration and consumer retry policy.
 *
 * @param partitions        partitions of crm.touches and crm.customer-profiles (key = customer id)
 * @param replicationFactor replicas per partition; -1 uses the broker's default (set 3 in production)
 * @param retryInitial      first backoff before retrying a failed record
 * @param retryMultiplier   exponential backoff multiplier
 * @param retryMax          longest backoff
 * @param maxRetries        retries before the record goes to the service's dead-letter topic
 * @param appliedWindow     how many recent event ids each view document remembers for dedupe
 * @param listenerConcurrency folding consumers per service instance; 0 (the default) = one per partition
 * @param maxPollRecords    most records per batch the folding consumer takes
 * @param conflictRounds    times a view that another writer changed meanwhile is read and folded again, before its
 *                          events are dead-lettered
 */
@ConfigurationProperties("crm.kafka")
public record KafkaTopicsProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("-1") short replicationFactor,
        @DefaultValue("200ms") Duration retryInitial,
        @DefaultValue("2.0") double retryMultiplier,
        @DefaultValue("5s") Duration retryMax,
        @DefaultValue("4") int maxRetries,
        @DefaultValue("256") int appliedWindow,
        @DefaultValue("0") int listenerConcurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("8") int conflictRounds) {
}
