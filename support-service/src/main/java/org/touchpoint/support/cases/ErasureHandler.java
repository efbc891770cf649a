package org.touchpoint.support.cases;

import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * A deleted or erased customer ({@code contact.deleted}, {@code customer.erased}): the free text of their cases and
 * work logs is removed (the customer's copy is forgotten by the customer fold; visits: see the visit feature's own
 * handler). What SLA compliance and billing need stays, under the customer's opaque id. Idempotent: a redelivery finds
 * everything erased already.
 *
 * <p>Both queries name {@code customerId}, not {@code _id}: on the embedded store they scan {@code cases} and
 * {@code work_logs}. Erasure is rare, and the query finds every case, including those opened before the customer's
 * case index existed, so it stays a query (real MongoDB uses the {@code customer} indexes).
 */
@Component
class ErasureHandler implements TouchHandler {

    private static final int BATCH = 100;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Clock clock;

    ErasureHandler(MongoTemplate mongo, OutboxStore store, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        String kind = event.data().kind();
        if (!TouchKinds.CONTACT_DELETED.equals(kind) && !TouchKinds.CUSTOMER_ERASED.equals(kind)) {
            return;
        }
        String customerId = event.data().customerId();
        String after = "";
        while (true) {
            List<SupportCase> cases = mongo.find(Query.query(Criteria.where("customerId").is(customerId).and("_id").gt(after)
                    .and("erasedAt").exists(false)).with(Sort.by("_id")).limit(BATCH), SupportCase.class);
            for (SupportCase c : cases) {
                store.change(SupportCase.class, c, found -> found.erasePersonalData(clock.instant()));
            }
            if (cases.size() < BATCH) {
                break;
            }
            after = cases.getLast().getId();
        }
        // work logs are never changed after they are written: their note simply goes
        mongo.updateMulti(Query.query(Criteria.where("customerId").is(customerId).and("note").exists(true)),
                new Update().unset("note").inc("version", 1), "work_logs");
    }
}
