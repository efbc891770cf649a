package org.touchpoint.marketing.message;

import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.marketing.customer.CustomerChanged;

/**
 * A customer erased (profile tombstone): the messages keep their opaque ids, status and tracking times (campaign
 * figures stay right), but lose every piece of personal data: address and personalised content. Queued ones are
 * cancelled. Versioned bulk writes, so a sender holding a stale copy cannot write the content back.
 */
@Component
class MessageErasure {

    private final MongoTemplate mongo;
    private final RecentMessagesStore recent;

    MessageErasure(MongoTemplate mongo, RecentMessagesStore recent) {
        this.mongo = mongo;
        this.recent = recent;
    }

    @EventListener
    void onCustomerChanged(CustomerChanged change) {
        if (!change.erased()) {
            return;
        }
        // Only what still holds something: an erasure announced again (a redelivered tombstone) writes nothing.
        Criteria withContent = Criteria.where("customerId").in(change.customerIds()).orOperator(Criteria.where("address").ne(null),
                Criteria.where("subject").ne(null), Criteria.where("text").ne(null), Criteria.where("html").ne(null));
        mongo.updateMulti(Query.query(Criteria.where("customerId").in(change.customerIds()).and("status").is(Message.QUEUED)),
                new Update().set("status", Message.CANCELLED).inc(OutboxDocument.VERSION_FIELD, 1), Message.class);
        mongo.updateMulti(Query.query(withContent), new Update().unset("address").unset("subject").unset("text").unset("html")
                .inc(OutboxDocument.VERSION_FIELD, 1), Message.class);
        recent.forget(change.customerIds());
    }
}
