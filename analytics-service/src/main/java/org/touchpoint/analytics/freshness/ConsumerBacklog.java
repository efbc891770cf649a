package org.touchpoint.analytics.freshness;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.generation.Generations;

/**
 * Records not yet applied, per topic: end offsets minus the committed offsets of the group folding the active
 * generation. Together with the lag of the last applied touch this says whether the views are current or catching up.
 */
@Component
class ConsumerBacklog {

    private static final Logger log = LoggerFactory.getLogger(ConsumerBacklog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Generations generations;
    private final KafkaAdmin admin;
    private final String service;

    ConsumerBacklog(Generations generations, KafkaAdmin admin, @Value("${spring.application.name}") String service) {
        this.generations = generations;
        this.admin = admin;
        this.service = service;
    }

    /** topic → records behind, or null when Kafka does not answer in time. */
    Map<String, Long> perTopic() {
        Map<String, Long> backlog = new TreeMap<>();
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            for (String group : java.util.List.of(Generations.groupOf(service, generations.current().active()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                committed.forEach((tp, offset) -> {
                    long end = ends.get(tp).offset();
                    long at = offset == null ? 0 : offset.offset();
                    backlog.merge(tp.topic(), Math.max(0, end - at), Long::sum);
                });
            }
            return backlog;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.debug("consumer backlog unavailable: {}", e.toString());
            return null;
        }
    }
}
