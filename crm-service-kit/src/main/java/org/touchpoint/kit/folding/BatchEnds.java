package org.touchpoint.kit.folding;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.events.Topics;

/**
 * Where a batch ends, per partition: for each topic the fold consumer reads (by a short alias: {@code t} for
 * crm.touches, {@code p} for crm.customer-profiles), the last offset consumed. The aggregates' watermarks are made
 * of these. The folding consumer reads both topics, co-partitioned: partition n of both belongs to one consumer.
 */
public final class BatchEnds {

    public static final BatchEnds NONE = new BatchEnds();

    private final Map<Integer, Map<String, Long>> ends = new HashMap<>();

    /** The alias of a topic in watermarks: short, and never containing a dot. */
    public static String alias(String topic) {
        return switch (topic) {
            case Topics.TOUCHES -> "t";
            case Topics.CUSTOMER_PROFILES -> "p";
            default -> topic.replace('.', '_');
        };
    }

    /** Records that the batch has consumed {@code topic}'s partition up to {@code lastOffset} (-1: nothing yet). */
    public BatchEnds put(String topic, int partition, long lastOffset) {
        ends.computeIfAbsent(partition, p -> new TreeMap<>()).merge(alias(topic), lastOffset, Math::max);
        return this;
    }

    /** The ends of one partition, or null when the batch does not know it. */
    public Map<String, Long> of(int partition) {
        return ends.get(partition);
    }

    public Collection<Integer> partitions() {
        return ends.keySet();
    }

    @Override
    public String toString() {
        return ends.toString();
    }
}
