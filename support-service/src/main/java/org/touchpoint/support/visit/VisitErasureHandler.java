package org.touchpoint.support.visit;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * A deleted or erased customer: their visits lose the address and notes (idempotent: an erased visit is left as it
 * is). The query names {@code customerId}: a scan of {@code visits} on the embedded store, acceptable for erasure,
 * which is rare.
 */
@Component
class VisitErasureHandler implements TouchHandler {

    private static final int MAX_VISITS = 10_000;

    private final MongoTemplate mongo;
    private final OutboxStore store;

    VisitErasureHandler(MongoTemplate mongo, OutboxStore store) {
        this.mongo = mongo;
        this.store = store;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        String kind = event.data().kind();
        if (!TouchKinds.CONTACT_DELETED.equals(kind) && !TouchKinds.CUSTOMER_ERASED.equals(kind)) {
            return;
        }
        Query ofCustomer = Query.query(Criteria.where("customerId").is(event.data().customerId())).limit(MAX_VISITS);
        ofCustomer.fields().include("_id");
        for (Visit v : mongo.find(ofCustomer, Visit.class)) {
            store.change(Visit.class, v.getId(), Visit::erasePersonalData);
        }
    }
}
