package org.touchpoint.sales.customer;

import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The right to be forgotten in sales, after the customer's copy was forgotten. {@link SalesCustomerFold} writes a
 * pending erasure ({@value #COLLECTION}, keyed by the customer id) with the batch that forgets the copy, before the
 * copy; {@link #run} removes the customer's email lookups, runs every feature's {@link CustomerErasure} step, then
 * deletes the pending erasure. Everything is idempotent: the tombstone's reaction runs it (again on a redelivery), and
 * {@link ErasureRetry} runs what a failure left pending, so a step that fails after the copy was forgotten is not lost.
 */
@Component
class Erasures {

    static final String COLLECTION = "customer_erasures";
    static final String EMAIL_KEYS = "emailKeys";

    private final MongoTemplate mongo;
    private final List<CustomerErasure> steps;

    Erasures(MongoTemplate mongo, List<CustomerErasure> steps) {
        this.mongo = mongo;
        this.steps = steps;
    }

    /** Completes the erasure of the customer; throws (and leaves it pending) when a step fails. */
    void run(String customerId) {
        Document pending = mongo.findById(customerId, Document.class, COLLECTION);
        if (pending != null) {
            pending.getList(EMAIL_KEYS, String.class, List.of()).forEach(key -> forgetEmail(key, customerId));
        }
        steps.forEach(step -> step.forget(customerId));
        if (pending != null) {
            mongo.remove(byId(customerId), COLLECTION);
        }
    }

    /** The customers whose erasure is pending (at most {@code max}). A query, on a collection of unfinished erasures only. */
    List<String> pending(int max) {
        Query q = new Query().limit(max);
        q.fields().include("_id");
        return mongo.find(q, Document.class, COLLECTION).stream().map(d -> String.valueOf(d.get("_id"))).toList();
    }

    /** Removes the email lookup entry unless it now names another customer (who took the address since). */
    private void forgetEmail(String key, String customerId) {
        Document entry = mongo.findById(key, Document.class, EmailKeys.COLLECTION);
        if (entry != null && customerId.equals(entry.get(EmailKeys.CUSTOMER_ID))) {
            mongo.remove(byId(key), EmailKeys.COLLECTION);
        }
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
