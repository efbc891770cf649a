package org.touchpoint.kit.consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Exactly-once effect for at-least-once delivery, in ONE single-document write: the update is applied
 * only if the event id is not already among the ids the document remembers ({@value #FIELD}, a bounded
 * window of the most recent ids), and the id is recorded by the same write. A redelivered event matches
 * nothing, the upsert then collides on {@code _id}, and nothing changes.
 */
public class AppliedEvents {

    public static final String FIELD = "appliedEvents";

    private final MongoTemplate mongo;
    private final int window;

    public AppliedEvents(MongoTemplate mongo, int window) {
        this.mongo = mongo;
        this.window = window;
    }

    /**
     * Applies {@code update} to the document {@code id} of {@code collection} (creating it if missing) unless
     * {@code eventId} was applied already.
     *
     * @return true if applied now, false if it had been applied before
     */
    public boolean applyOnce(String collection, String id, String eventId, Update update) {
        Query notYet = Query.query(Criteria.where("_id").is(id).and(FIELD).ne(eventId));
        update.push(FIELD).slice(-window).each(eventId);
        try {
            mongo.findAndModify(notYet, update, FindAndModifyOptions.options().upsert(true).returnNew(false), org.bson.Document.class, collection);
            return true;
        } catch (DuplicateKeyException alreadyApplied) {
            return false;
        }
    }
}
