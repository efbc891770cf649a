package org.touchpoint.kit.folding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Reads the aggregates a fold keeps ({@link Fold#aggregates()}: one document per aggregate and partition): sums added
 * up over the partitions, members merged. One query by {@code _id} over a handful of documents, whatever the number of
 * views that contributed.
 */
public class AggregateReader {

    private final MongoTemplate mongo;
    private final int partitions;

    /** @param partitions the number of partitions of the folded topics ({@code crm.kafka.partitions}) */
    public AggregateReader(MongoTemplate mongo, int partitions) {
        this.mongo = mongo;
        this.partitions = partitions;
    }

    /** The sums of each named aggregate (name → field → total; zero totals left out). */
    public Map<String, Map<String, Long>> sums(String collection, Collection<String> names) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        names.forEach(n -> out.put(n, new TreeMap<>()));
        for (Document d : read(collection, names)) {
            Map<String, Long> total = out.get(d.getString("name"));
            if (total != null && d.get("s") instanceof Document s) {
                s.forEach((k, v) -> total.merge(FieldNames.unescape(k), ((Number) v).longValue(), Long::sum));
            }
        }
        out.values().forEach(m -> m.values().removeIf(v -> v == 0));
        return out;
    }

    public Map<String, Long> sums(String collection, String name) {
        return sums(collection, List.of(name)).get(name);
    }

    /** The members of each named aggregate (name → member → value). */
    public Map<String, Map<String, Object>> members(String collection, Collection<String> names) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        names.forEach(n -> out.put(n, new TreeMap<>()));
        for (Document d : read(collection, names)) {
            Map<String, Object> all = out.get(d.getString("name"));
            if (all != null && d.get("m") instanceof Document m) {
                m.forEach((k, v) -> all.put(FieldNames.unescape(k), v));
            }
        }
        return out;
    }

    private List<Document> read(String collection, Collection<String> names) {
        List<String> ids = new ArrayList<>(names.size() * partitions);
        for (String n : names) {
            for (int p = 0; p < partitions; p++) {
                ids.add(FoldEngine.aggregateId(n, p));
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, collection);
    }
}
