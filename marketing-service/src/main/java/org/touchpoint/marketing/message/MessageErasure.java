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

    MessageErasure(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener
    void onCustomerChanged(CustomerChanged change) {
        if (!change.erased()) {
            return;
        }
        Criteria of = Criteria.where("customerId").is(change.customerId());
        mongo.updateMulti(Query.query(Criteria.where("customerId").is(change.customerId()).and("status").is(Message.QUEUED)),
                new Update().set("status", Message.CANCELLED).inc(OutboxDocument.VERSION_FIELD, 1), Message.class);
        mongo.updateMulti(Query.query(of), new Update().unset("address").unset("subject").unset("text").unset("html")
                .inc(OutboxDocument.VERSION_FIELD, 1), Message.class);
    }
}
