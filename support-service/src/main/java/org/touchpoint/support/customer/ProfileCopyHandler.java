package org.touchpoint.support.customer;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.ProfileHandler;

/**
 * Keeps the newest profile snapshot per customer: a snapshot is applied only when its version is higher than the
 * one held, so redelivered and out-of-order snapshots change nothing. A tombstone forgets the customer's copy.
 */
@Component
class ProfileCopyHandler implements ProfileHandler {

    private final MongoTemplate mongo;
    private final AppliedEvents applied;

    ProfileCopyHandler(MongoTemplate mongo, AppliedEvents applied) {
        this.mongo = mongo;
        this.applied = applied;
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            applied.forget(CustomerDirectory.COLLECTION, record.customerId());
            return;
        }
        CustomerProfile p = record.event().data();
        Query olderOrNone = Query.query(Criteria.where("_id").is(p.customerId()).and(AppliedEvents.FORGOTTEN).ne(true)
                .orOperator(Criteria.where("profileVersion").lt(p.version()), Criteria.where("profileVersion").exists(false)));
        Document profile = new Document("displayName", p.displayName()).append("firstName", p.firstName())
                .append("lastName", p.lastName()).append("nickname", p.nickname()).append("email", p.email())
                .append("phone", p.phone()).append("title", p.title()).append("accountId", p.accountId())
                .append("accountName", p.accountName()).append("ownerId", p.ownerId())
                .append("lifecycleStage", p.lifecycleStage()).append("tags", p.tags());
        Update update = new Update().set("profile", profile).set("profileVersion", p.version());
        try {
            mongo.findAndModify(olderOrNone, update, FindAndModifyOptions.options().upsert(true), Document.class,
                    CustomerDirectory.COLLECTION);
        } catch (DuplicateKeyException newerHeldOrForgotten) {
            // the copy holds this version or a newer one, or the customer was erased: nothing to do
        }
    }
}
