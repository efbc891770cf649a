package org.touchpoint.kit.folding;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.bson.Document;

/**
 * What a fold may do beyond changing its view, while the engine applies one batch to one view: count events into
 * aggregates ({@link #increment}), write companion documents ({@link #put}) that are written with the batch, and read
 * one ({@link #read}). Everything is written by the engine once the batch is folded, before the views.
 */
public final class FoldContext {

    private final int partition;
    private final Instant now;
    private final BiFunction<String, String, Document> reader;
    final Map<String, Map<String, Long>> increments = new TreeMap<>();
    final Map<String, Map<String, Document>> puts = new LinkedHashMap<>();

    FoldContext(int partition, Instant now, BiFunction<String, String, Document> reader) {
        this.partition = partition;
        this.now = now;
        this.reader = reader;
    }

    /** The partition of the customer's records (the unit that one consumer thread owns). */
    public int partition() {
        return partition;
    }

    /** The time the batch is being applied. */
    public Instant now() {
        return now;
    }

    /**
     * Adds {@code delta} to {@code field} of {@code aggregate}, once for this event however often it is delivered
     * (the fold must declare {@link Fold#aggregates()}). For figures that count events rather than state, such as
     * touches per day.
     */
    public void increment(String aggregate, String field, long delta) {
        if (delta != 0) {
            increments.computeIfAbsent(aggregate, a -> new TreeMap<>()).merge(field, delta, Long::sum);
        }
    }

    /**
     * Writes (replaces, or inserts) a companion document with the batch, before the views. It must be a pure
     * function of the view and the events, so that a redelivered batch writes the same document again.
     */
    public void put(String collection, String id, Document document) {
        Document copy = new Document(document);
        copy.put("_id", id);
        puts.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(id, copy);
    }

    /** A companion document as this batch left it (after its {@link #put}s), or as stored; empty when none. */
    public Optional<Document> read(String collection, String id) {
        Map<String, Document> pending = puts.get(collection);
        if (pending != null && pending.containsKey(id)) {
            return Optional.of(pending.get(id));
        }
        return Optional.ofNullable(reader.apply(collection, id));
    }

    void clear() {
        increments.clear();
        puts.clear();
    }
}
