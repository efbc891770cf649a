package org.touchpoint.analytics.dashboard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;
import org.touchpoint.kit.folding.AggregateReader;

/** The dashboards' aggregates of one generation, read by {@code _id}. */
@Component
class Aggregates {

    private final AggregateReader reader;

    Aggregates(MongoTemplate mongo, KafkaTopicsProperties kafka) {
        this.reader = new AggregateReader(mongo, kafka.partitions());
    }

    Map<String, Map<String, Long>> sums(int generation, Collection<String> names) {
        return reader.sums(ViewCollections.aggregates(generation), names);
    }

    Map<String, Long> sums(int generation, String name) {
        return reader.sums(ViewCollections.aggregates(generation), List.of(name)).get(name);
    }

    Map<String, Map<String, Long>> accountSums(int generation, Collection<String> names) {
        return reader.sums(ViewCollections.accountAggregates(generation), names);
    }

    Map<String, Map<String, Object>> members(int generation, Collection<String> names) {
        return reader.members(ViewCollections.aggregates(generation), names);
    }
}
