package org.touchpoint.support.cases;

import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which cases each customer has (collection {@value #COLLECTION}: {@code {_id: customerId, caseIds: [...]}}), so that
 * the agent's context and the cost endpoint find a customer's cases by {@code _id} instead of querying {@code cases}
 * on {@code customerId} (a scan of every case ever opened on the embedded store). A case is added before it is
 * written, with {@code $addToSet}: an id whose case was never written (the insert failed) is simply not found.
 * A case's customer never changes. Cases opened before the index existed are added once, at start-up.
 */
@Component
class CustomerCaseStore {

    private static final Logger log = LoggerFactory.getLogger(CustomerCaseStore.class);
    static final String COLLECTION = "customer_cases";
    static final String CASE_IDS = "caseIds";
    /** Where the marker of the done backfill lives. */
    static final String MIGRATIONS = "migrations";
    static final String BACKFILLED = "customer-cases-backfilled";
    private static final int BACKFILL_CHUNK = 500;

    private final MongoTemplate mongo;
    private final Clock clock;

    CustomerCaseStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Records that the customer has this case: one upsert by {@code _id}, idempotent. */
    void add(String customerId, String caseId) {
        mongo.upsert(Query.query(Criteria.where("_id").is(customerId)), new Update().addToSet(CASE_IDS, caseId), COLLECTION);
    }

    /** The ids of the customer's latest cases (ids grow with time), newest first: one {@code _id} read. */
    List<String> latest(String customerId, int limit) {
        Document d = mongo.findById(customerId, Document.class, COLLECTION);
        if (d == null) {
            return List.of();
        }
        return d.getList(CASE_IDS, String.class, List.of()).stream().sorted(Comparator.reverseOrder()).limit(limit).toList();
    }

    boolean hasCases(String customerId) {
        return !latest(customerId, 1).isEmpty();
    }

    /**
     * Adds every case opened before this index existed, once per database (then marked in {@value #MIGRATIONS}): one pass
     * over {@code cases} in chunks. Safe with cases opened meanwhile and with other replicas doing the same
     * ({@code $addToSet} commutes).
     */
    @PostConstruct
    void backfill() {
        if (mongo.exists(Query.query(Criteria.where("_id").is(BACKFILLED)), MIGRATIONS)) {
            return;
        }
        Query all = new Query().with(Sort.by("_id"));
        all.fields().include("customerId");
        Map<String, List<String>> chunk = new LinkedHashMap<>();
        int cases = 0;
        try (Stream<Document> stream = mongo.stream(all, Document.class, mongo.getCollectionName(SupportCase.class))) {
            for (Document c : (Iterable<Document>) stream::iterator) {
                if (c.getString("customerId") == null) {
                    continue;
                }
                chunk.computeIfAbsent(c.getString("customerId"), k -> new ArrayList<>()).add(String.valueOf(c.get("_id")));
                if (++cases % BACKFILL_CHUNK == 0) {
                    write(chunk);
                }
            }
        }
        write(chunk);
        mongo.upsert(Query.query(Criteria.where("_id").is(BACKFILLED)), new Update().set("at", clock.instant()), MIGRATIONS);
        if (cases > 0) {
            log.info("Indexed {} existing cases by customer", cases);
        }
    }

    private void write(Map<String, List<String>> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        chunk.forEach((customerId, ids) -> bulk.upsert(Query.query(Criteria.where("_id").is(customerId)),
                new Update().addToSet(CASE_IDS).each(ids.toArray())));
        bulk.execute();
        chunk.clear();
    }
}
